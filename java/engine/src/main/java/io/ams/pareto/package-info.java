/**
 * Pareto mathematics for multi-objective search: dominance under each objective's
 * {@link io.ams.core.Direction}, Deb's constraint-domination, non-dominated sorting into fronts,
 * crowding distance, the Pareto front of a set and the exact hypervolume.
 *
 * <p>A foundation: it imports only {@code io.ams.core} and Jenetics ({@code io.jenetics.ext.moea}
 * does the ranking, crowding and front filtering), never the engine, the contracts or a model,
 * so that strategies (NSGA-II, multi-objective regularized evolution, MO-ASHA) and results
 * (the front a study reports, its hypervolume) can all build on the same definitions.
 *
 * <p>Everything here works on indices into the caller's list of points, so that a strategy can
 * map ranks and distances back to its trials without wrapping them.
 */
package io.ams.pareto;
