/**
 * The study report: what a store's trials say, as HTML, plots and parameter importance.
 *
 * <p>{@link io.ams.report.ParameterImportance} estimates how much of the objective's variation
 * each search dimension explains on its own (fANOVA main effects on a random forest).
 */
package io.ams.report;
