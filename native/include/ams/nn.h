/*
 * Ams native MLP trainer: the C surface that Java reaches through JavaCPP.
 *
 * The boundary is coarse on purpose: a dataset crosses into native memory once
 * (ams_data_create copies it), and each call then does a whole unit of work
 * (one epoch, one evaluation, one save/restore, one pruning step). float32
 * throughout; losses and metrics are accumulated in double.
 *
 * Errors: functions returning int give 0 on success and a negative code on
 * failure; functions returning a pointer give NULL. The message of the last
 * failure on the calling thread is in ams_last_error(). The Java side checks
 * every argument before calling, so these checks are a second line of defence.
 *
 * Thread safety: distinct ams_mlp objects may be used from distinct threads at
 * the same time; an ams_data may be shared read-only by any number of them.
 * Each call runs its BLAS at its own thread count. OpenBLAS has one thread count for the
 * whole process and its sums depend on it, so calls at different counts take turns (calls
 * at the same count run side by side); trainings on distinct threads therefore give exactly
 * the results each gives alone, whatever runs beside it.
 *
 * Determinism: the same spec, seed, data and thread count give bit-identical
 * weights, losses and checkpoints.
 */
#ifndef AMS_NN_H
#define AMS_NN_H

#include <stdint.h>

#include "error.h" /* ams_last_error() */

#ifdef __cplusplus
extern "C" {
#endif

/* ---- enums (values are part of the Java binding; never renumber) ---- */
enum { AMS_ACT_IDENTITY = 0, AMS_ACT_RELU = 1, AMS_ACT_LEAKY_RELU = 2, AMS_ACT_TANH = 3,
       AMS_ACT_SIGMOID = 4, AMS_ACT_GELU = 5 };
enum { AMS_LOSS_SOFTMAX_CE = 0, AMS_LOSS_MSE = 1 };
enum { AMS_INIT_HE = 0, AMS_INIT_XAVIER = 1 };
enum { AMS_OPT_SGD = 0, AMS_OPT_MOMENTUM = 1, AMS_OPT_NESTEROV = 2, AMS_OPT_ADAM = 3,
       AMS_OPT_ADAMW = 4, AMS_OPT_RMSPROP = 5, AMS_OPT_ADAGRAD = 6 };
enum { AMS_SCHED_CONSTANT = 0, AMS_SCHED_STEP = 1, AMS_SCHED_COSINE = 2 };
enum { AMS_PRUNE_WEIGHTS = 0, AMS_PRUNE_NEURONS = 1 };

/* Return code of ams_mlp_train_epoch when ams_mlp_cancel stopped it (other failures are
 * other negative codes). */
enum { AMS_CANCELLED = -7 };

/* ---- error reporting ---- */
/* ams_last_error() (error.h): thread-local message of the last failure; "" when none */
const char* ams_blas_config(void);         /* openblas_get_config() of the loaded library */

/* ---- datasets ---- */
typedef struct ams_data ams_data;

/* Copies n rows of d float features (row-major) and their targets.
 * Classification (classes >= 2): labels[n] in [0, classes), targets must be NULL.
 * Regression (classes == 0): targets[n * target_dim] row-major, labels must be NULL.
 * Returns NULL on bad arguments (n < 1, d < 1, label out of range, non-finite value). */
ams_data* ams_data_create(const float* x, int64_t n, int32_t d,
                          const int32_t* labels, int32_t classes,
                          const float* targets, int32_t target_dim);
void      ams_data_free(ams_data* data);
int64_t   ams_data_rows(const ams_data* data);
int32_t   ams_data_cols(const ams_data* data);

/* ---- networks ---- */
typedef struct ams_mlp ams_mlp;

/* A fully connected network with n_layers = len(sizes) - 1 dense layers.
 * sizes[0] = input width, sizes[n_layers] = output width (classes, or target_dim).
 * Per hidden layer i in [0, n_layers-1): activation[i], dropout[i] in [0,1),
 * batchnorm[i] (0/1, applied to the pre-activation, before the activation).
 * The output layer is linear; loss is AMS_LOSS_*. leaky_slope is used by leaky-relu.
 * init is AMS_INIT_*; seed drives initialisation, shuffling and dropout. */
ams_mlp* ams_mlp_create(int32_t n_sizes, const int32_t* sizes,
                        const int32_t* activation, const float* dropout,
                        const int32_t* batchnorm, float leaky_slope,
                        int32_t loss, int32_t init, uint64_t seed);
void     ams_mlp_free(ams_mlp* mlp);

/* Optimizer. lr > 0; momentum for MOMENTUM/NESTEROV (and RMSPROP's momentum, may be 0);
 * beta1/beta2/eps for ADAM/ADAMW (beta2 also the RMSPROP decay rho, eps for RMSPROP/ADAGRAD);
 * weight_decay: L2 added to the gradient for every optimizer except ADAMW, where it is
 * decoupled (w -= lr * wd * w). Decay applies to weights, not to biases or batch-norm
 * parameters. clip_norm > 0 clips the global gradient L2 norm per step; 0 disables. */
int ams_mlp_set_optimizer(ams_mlp* mlp, int32_t kind, float lr, float momentum,
                          float beta1, float beta2, float eps,
                          float weight_decay, float clip_norm);

/* Changes the optimizer's settings (same meaning and checks as ams_mlp_set_optimizer) while
 * keeping its state: moments, step count. The kind must stay the one the network trains with
 * (another kind's moments mean something else). For population-based training, where a
 * network restored from a checkpoint continues under new hyperparameters. */
int ams_mlp_retune(ams_mlp* mlp, int32_t kind, float lr, float momentum, float beta1,
                   float beta2, float eps, float weight_decay, float clip_norm);

/* Learning-rate schedule, evaluated per optimizer step from the step counter:
 * warmup_steps > 0 ramps linearly from lr/warmup_steps to lr over the first steps; then
 * CONSTANT: lr; STEP: lr * gamma^floor((step - warmup) / step_size);
 * COSINE: min_lr + (lr - min_lr) * (1 + cos(pi * t / T)) / 2, t = step - warmup,
 * T = total_steps - warmup (clamped at T). */
int ams_mlp_set_schedule(ams_mlp* mlp, int32_t kind, int64_t step_size, float gamma,
                         int64_t warmup_steps, int64_t total_steps, float min_lr);

/* One epoch over data in a seeded shuffled order, mini-batches of batch_size (the last
 * one may be smaller). threads: BLAS threads for this call (>= 1).
 * *mean_loss (may be NULL) receives the mean training loss over the epoch's samples
 * (as computed in training mode, with dropout). */
int ams_mlp_train_epoch(ams_mlp* mlp, const ams_data* data, int32_t batch_size,
                        int32_t threads, double* mean_loss);

/* Cancellation, so that a caller giving up on a training (a timeout, the end of a search)
 * does not leave it running on data it is about to free. ams_mlp_cancel may be called from any
 * thread while another trains the network (never concurrently with ams_mlp_free): the epoch in
 * progress stops before its next mini-batch and returns AMS_CANCELLED, with its epoch only
 * partly trained (the network is then fit only to be freed). The flag stays set: every later
 * ams_mlp_train_epoch returns AMS_CANCELLED at once. */
void ams_mlp_cancel(ams_mlp* mlp);
/* ams_mlp_train_epoch calls in progress in this process, all networks together: 0 once every
 * training has returned (lets a caller, and the tests, check that none outlives its data). */
int64_t ams_mlp_active_trainings(void);

/* Evaluation mode (no dropout, batch-norm running statistics). *loss: mean loss;
 * *metric: accuracy for classification, mean squared error for regression.
 * Either pointer may be NULL. */
int ams_mlp_evaluate(const ams_mlp* mlp, const ams_data* data, int32_t threads,
                     double* loss, double* metric);

/* Evaluation-mode outputs (logits or regression outputs), out[n * out_width]. */
int ams_mlp_predict(const ams_mlp* mlp, const ams_data* data, int32_t threads, float* out);

/* Loss and its exact gradient on the first `rows` rows of data (rows <= n), in training
 * mode with dropout disabled and batch-norm in batch mode, without updating anything.
 * grad[param_count] uses the order of ams_mlp_get_params. For gradient checks. */
int ams_mlp_loss_grad(ams_mlp* mlp, const ams_data* data, int64_t rows,
                      double* loss, float* grad);  /* one BLAS thread */

/* Parameters, in order: for each layer, W (in x out, row-major), b (out), then, if the
 * layer has batch-norm, gamma (out) and beta (out). */
int64_t ams_mlp_param_count(const ams_mlp* mlp);
int64_t ams_mlp_nonzero_weights(const ams_mlp* mlp);  /* non-zero entries of all W */
int64_t ams_mlp_weight_count(const ams_mlp* mlp);     /* entries of all W */
int64_t ams_mlp_flops_per_sample(const ams_mlp* mlp); /* forward multiply-adds x 2 */
int ams_mlp_get_params(const ams_mlp* mlp, float* out);
int ams_mlp_set_params(ams_mlp* mlp, const float* in);
int64_t ams_mlp_step(const ams_mlp* mlp);             /* optimizer steps taken */

/* Checkpoint: the complete training state (spec, parameters, optimizer state and its
 * hyperparameters, schedule, step and epoch counters, RNG state, batch-norm running
 * statistics, pruning masks). Restoring into a network created with the same spec and
 * continuing gives bit-identical results to an uninterrupted run. */
int64_t ams_mlp_state_size(const ams_mlp* mlp);
int ams_mlp_save(const ams_mlp* mlp, void* buf, int64_t len);
int ams_mlp_restore(ams_mlp* mlp, const void* buf, int64_t len);  /* validates header, sizes */

/* Magnitude pruning to a target sparsity in [0, 1) of each hidden/output layer's weights.
 * WEIGHTS: zero the smallest |w| entries of each layer's W.
 * NEURONS: remove whole hidden neurons with the smallest L2 norm of incoming weights
 * (zero their incoming weights, column j of the layer's W, their outgoing weights, row j of
 * the next layer's W, their bias, and batch-norm gamma/beta);
 * the output layer keeps all its units.
 * Pruned entries are kept at zero by a mask through all later training (also restored
 * from checkpoints). Sparsity only grows: pruning to a lower sparsity changes nothing. */
int ams_mlp_prune(ams_mlp* mlp, int32_t mode, float sparsity);

#ifdef __cplusplus
}
#endif
#endif
