/*
 * Ams native Gaussian-process regression: the float64 algebra behind the surrogate
 * models (io.ams.surrogate), reached from Java through JavaCPP.
 *
 * Model: zero-mean GP (the caller standardises the targets) with an ARD stationary
 * kernel plus Gaussian noise,
 *     K = Kf + (sn2 + jitter) I,   Kf_ij = k(r_ij),
 *     r^2 = sum_k d_k^2 / l_k^2,   d_k = x_ik - x_jk on ordinary dimensions,
 *                                  d_k^2 = (x_ik != x_jk) on categorical ones (Hamming),
 *     MATERN52: k(r) = s2 (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r),
 *     SE:       k(r) = s2 exp(-r^2 / 2).
 * Hyperparameters travel as theta[d + 2] = (log l_1 .. log l_d, log s2, log sn2).
 * All arrays are float64, row-major: x[n * d], y[n]. cat[d] (may be NULL: none
 * categorical) is 1 for a categorical dimension, 0 otherwise.
 *
 * Jitter: `jitter` (>= 0, absolute, in the units of y) is added to the diagonal on top of
 * sn2. When the Cholesky factorisation fails, it is retried with the jitter multiplied by
 * 10 (a zero jitter first becomes 1e-10 * s2), at most AMS_GP_JITTER_RETRIES times; if it
 * still fails the call returns AMS_GP_NOT_PD (NULL for ams_gp_create) with a message
 * naming n and the largest jitter tried. The jitter actually used is reported. The jitter
 * is a constant for the gradient (dK/dlog sn2 = sn2 I).
 *
 * Errors: functions returning int give 0 on success and a negative code on failure
 * (AMS_GP_NOT_PD for a matrix that stays non-positive-definite, other negative values for
 * bad arguments, memory, internal errors); pointers are NULL on failure; doubles are NaN.
 * The message is in ams_last_error() (error.h), shared with nn.h.
 *
 * Threads and determinism: `threads` is the BLAS thread count for the call (OpenBLAS's
 * count is process-wide: calls at another count wait for those in flight, as in nn.h). Our
 * own loops are sequential; with threads = 1 results are bit-identical across runs. An ams_gp is immutable after creation, so any
 * number of threads may call ams_gp_predict on it at once.
 */
#ifndef AMS_GP_H
#define AMS_GP_H

#include <stdint.h>

#include "error.h" /* ams_last_error() */

#ifdef __cplusplus
extern "C" {
#endif

/* ---- enums and constants (values are part of the Java binding; never renumber) ---- */
enum { AMS_GP_MATERN52 = 0, AMS_GP_SE = 1 };
enum { AMS_GP_NOT_PD = -6 };           /* return code: not positive definite after retries */
enum { AMS_GP_JITTER_RETRIES = 6 };    /* jitter escalations (x10 each) after the first try */

/* Negative log marginal likelihood
 *     nll = 0.5 y^T K^-1 y + sum_i log L_ii + n/2 log(2 pi)
 * and, when grad is not NULL, its gradient with respect to theta (grad[d + 2]).
 * jitter_used (may be NULL) receives the diagonal jitter the factorisation succeeded with.
 * Limits: 1 <= n <= 65536, 1 <= d <= 65536; x, y, theta finite; exp(theta) finite and > 0. */
int ams_gp_nll(int32_t kernel, int32_t n, int32_t d, const double* x, const double* y,
               const int32_t* cat, const double* theta, double jitter, int32_t threads,
               double* nll, double* grad, double* jitter_used);

/* ---- conditioned models ---- */
typedef struct ams_gp ams_gp;

/* Copies x, y, cat and theta, factorises K = L L^T and computes alpha = K^-1 y.
 * NULL on failure (bad arguments, or not positive definite after jitter escalation). */
ams_gp* ams_gp_create(int32_t kernel, int32_t n, int32_t d, const double* x, const double* y,
                      const int32_t* cat, const double* theta, double jitter, int32_t threads);
void    ams_gp_free(ams_gp* gp);

/* Posterior of the latent function at m candidates xs[m * d]:
 *     mean = K* alpha,  var = s2 - colsum((L^-1 K*^T)^2)  (without noise, clamped >= 0).
 * Candidates are processed in blocks, so memory stays O(block * n). var may be NULL. */
int ams_gp_predict(const ams_gp* gp, int64_t m, const double* xs, int32_t threads,
                   double* mean, double* var);

double  ams_gp_log_likelihood(const ams_gp* gp);  /* -nll of the conditioned data */
double  ams_gp_jitter(const ams_gp* gp);          /* diagonal jitter actually used */
int32_t ams_gp_size(const ams_gp* gp);            /* n (-1 if gp is NULL) */
int32_t ams_gp_dims(const ams_gp* gp);            /* d (-1 if gp is NULL) */

#ifdef __cplusplus
}
#endif
#endif
