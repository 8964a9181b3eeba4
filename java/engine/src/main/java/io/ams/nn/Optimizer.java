package io.ams.nn;

/**
 * An optimizer and its hyperparameters. {@code momentum} serves MOMENTUM, NESTEROV and
 * RMSPROP; {@code beta1}/{@code beta2}/{@code eps} serve ADAM and ADAMW ({@code beta2} is also
 * RMSPROP's decay, {@code eps} RMSPROP's and ADAGRAD's). Weight decay is L2 on the gradient,
 * decoupled for ADAMW; it touches weights, not biases. {@code clipNorm > 0} clips the global
 * gradient norm per step.
 */
public record Optimizer(OptimizerKind kind, double lr, double momentum, double beta1, double beta2,
                        double eps, double weightDecay, double clipNorm) {
    public Optimizer {
        if (kind == null) throw new IllegalArgumentException("optimizer kind is missing");
        if (!(lr > 0 && Double.isFinite(lr))) throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        if (!(eps > 0)) throw new IllegalArgumentException("eps must be > 0, got " + eps);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        if (!(clipNorm >= 0)) throw new IllegalArgumentException("clip norm must be >= 0 (0 = off), got " + clipNorm);
    }

    /** The usual defaults for a kind at a learning rate: momentum 0.9, betas (0.9, 0.999), RMSProp decay 0.99. */
    public static Optimizer of(OptimizerKind kind, double lr) {
        double momentum = (kind == OptimizerKind.MOMENTUM || kind == OptimizerKind.NESTEROV) ? 0.9 : 0;
        double beta2 = kind == OptimizerKind.RMSPROP ? 0.99 : 0.999;
        double eps = kind == OptimizerKind.ADAGRAD ? 1e-10 : 1e-8;
        double weightDecay = kind == OptimizerKind.ADAMW ? 0.01 : 0;
        return new Optimizer(kind, lr, momentum, 0.9, beta2, eps, weightDecay, 0);
    }

    public Optimizer withMomentum(double m) { return new Optimizer(kind, lr, m, beta1, beta2, eps, weightDecay, clipNorm); }
    public Optimizer withWeightDecay(double wd) { return new Optimizer(kind, lr, momentum, beta1, beta2, eps, wd, clipNorm); }
    public Optimizer withClipNorm(double c) { return new Optimizer(kind, lr, momentum, beta1, beta2, eps, weightDecay, c); }
}
