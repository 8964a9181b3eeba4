// Gaussian-process regression in float64 (see include/ams/gp.h): kernel matrices, the
// Cholesky factorisation with jitter escalation, the negative log marginal likelihood with
// its analytic gradient, and posterior prediction. No exception crosses the C boundary.
//
// Storage trick: matrices are n x n row-major with the lower triangle filled. That memory
// is the upper triangle of the column-major transpose, so LAPACKE is called with
// (LAPACK_COL_MAJOR, 'U'), which factorises in place without the transposing copies that
// LAPACK_ROW_MAJOR makes: the column-major U with K = U^T U is exactly our row-major lower
// L with K = L L^T, and dpotri's column-major upper inverse is our row-major lower inverse.
#include <cblas.h>
#include <lapacke.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "ams/gp.h"
#include "common_internal.h"

static_assert(int(AMS_GP_NOT_PD) == int(ams::ERR_NOT_PD), "gp.h and the internal error codes disagree");

struct ams_gp {
  int32_t kernel = 0;
  int32_t n = 0, d = 0;
  std::vector<double> x;        // n * d, row-major
  std::vector<uint8_t> cat;     // d
  std::vector<double> inv_l2;   // d: 1 / l_k^2
  double s2 = 0, sn2 = 0;
  double jitter = 0;            // diagonal jitter the factorisation succeeded with
  std::vector<double> L;        // n * n, row-major lower Cholesky factor of K
  std::vector<double> alpha;    // K^-1 y
  double nll = 0;
};

namespace ams {
namespace {

constexpr int32_t kMaxN = 65536;
constexpr int32_t kMaxD = 65536;
constexpr int64_t kBlock = 256;  // prediction candidates per block
constexpr double kSqrt5 = 2.2360679774997896964;
constexpr double kLog2Pi = 1.8378770664093454836;

// Validated hyperparameters and data description.
struct Setup {
  int32_t kernel;
  int32_t n, d;
  std::vector<uint8_t> cat;
  std::vector<double> inv_l2;
  double s2, sn2;
};

Setup check_inputs(int32_t kernel, int32_t n, int32_t d, const double* x, const double* y,
                   const int32_t* cat, const double* theta, double jitter, int32_t threads) {
  if (kernel != AMS_GP_MATERN52 && kernel != AMS_GP_SE)
    fail(ERR_ARG, "kernel = %d is not an AMS_GP_* value", kernel);
  if (n < 1 || n > kMaxN) fail(ERR_ARG, "n must be in [1, %d] (got %d)", kMaxN, n);
  if (d < 1 || d > kMaxD) fail(ERR_ARG, "d must be in [1, %d] (got %d)", kMaxD, d);
  need(x != nullptr, "x is NULL");
  need(y != nullptr, "y is NULL");
  need(theta != nullptr, "theta is NULL");
  check_threads(threads);
  if (!std::isfinite(jitter) || jitter < 0) fail(ERR_ARG, "jitter must be finite and >= 0 (got %g)", jitter);
  for (int64_t i = 0; i < int64_t(n); ++i)
    for (int32_t k = 0; k < d; ++k)
      if (!std::isfinite(x[i * d + k]))
        fail(ERR_ARG, "x at row %lld, column %d is not finite (%g)", (long long)i, k, x[i * d + k]);
  for (int32_t i = 0; i < n; ++i)
    if (!std::isfinite(y[i])) fail(ERR_ARG, "y at row %d is not finite (%g)", i, y[i]);
  Setup s;
  s.kernel = kernel;
  s.n = n;
  s.d = d;
  s.cat.assign(size_t(d), 0);
  if (cat)
    for (int32_t k = 0; k < d; ++k) {
      if (cat[k] != 0 && cat[k] != 1) fail(ERR_ARG, "cat[%d] = %d, must be 0 or 1", k, cat[k]);
      s.cat[k] = uint8_t(cat[k]);
    }
  for (int32_t k = 0; k < d + 2; ++k)
    if (!std::isfinite(theta[k])) fail(ERR_ARG, "theta[%d] is not finite (%g)", k, theta[k]);
  s.inv_l2.resize(size_t(d));
  for (int32_t k = 0; k < d; ++k) {
    const double v = std::exp(-2.0 * theta[k]);
    if (!(v > 0) || !std::isfinite(v))
      fail(ERR_ARG, "lengthscale exp(theta[%d]) = exp(%g) is out of range", k, theta[k]);
    s.inv_l2[k] = v;
  }
  s.s2 = std::exp(theta[d]);
  s.sn2 = std::exp(theta[d + 1]);
  if (!(s.s2 > 0) || !std::isfinite(s.s2)) fail(ERR_ARG, "signal variance exp(theta[%d]) = exp(%g) is out of range", d, theta[d]);
  if (!std::isfinite(s.sn2)) fail(ERR_ARG, "noise variance exp(theta[%d]) = exp(%g) is out of range", d + 1, theta[d + 1]);
  return s;
}

// Scaled squared distance r^2 between two points.
inline double scaled_r2(const double* a, const double* b, const uint8_t* cat,
                        const double* inv_l2, int32_t d) {
  double r2 = 0;
  for (int32_t k = 0; k < d; ++k) {
    double d2;
    if (cat[k]) {
      d2 = a[k] != b[k] ? 1.0 : 0.0;
    } else {
      const double t = a[k] - b[k];
      d2 = t * t;
    }
    r2 += d2 * inv_l2[k];
  }
  return r2;
}

// Kernel value k(r) from r^2.
inline double kernel_value(int32_t kernel, double s2, double r2) {
  if (kernel == AMS_GP_MATERN52) {
    const double r = std::sqrt(r2);
    return s2 * (1.0 + kSqrt5 * r + (5.0 / 3.0) * r2) * std::exp(-kSqrt5 * r);
  }
  return s2 * std::exp(-0.5 * r2);
}

// k and g, where dk/dlog l_k = g * d_k^2 / l_k^2 (no division by r, so finite at r = 0).
inline void kernel_value_grad(int32_t kernel, double s2, double r2, double* k, double* g) {
  if (kernel == AMS_GP_MATERN52) {
    const double r = std::sqrt(r2);
    const double e = std::exp(-kSqrt5 * r);
    *k = s2 * (1.0 + kSqrt5 * r + (5.0 / 3.0) * r2) * e;
    *g = s2 * (5.0 / 3.0) * (1.0 + kSqrt5 * r) * e;
  } else {
    *k = s2 * std::exp(-0.5 * r2);
    *g = *k;
  }
}

// Fills the lower triangle (row-major) of K = Kf + (sn2 + jitter) I.
void build_k(const Setup& s, const double* x, double jitter, double* A) {
  const int32_t n = s.n, d = s.d;
  for (int64_t i = 0; i < n; ++i) {
    const double* xi = x + i * d;
    double* row = A + i * n;
    for (int64_t j = 0; j < i; ++j)
      row[j] = kernel_value(s.kernel, s.s2, scaled_r2(xi, x + j * d, s.cat.data(), s.inv_l2.data(), d));
    row[i] = s.s2 + s.sn2 + jitter;
  }
}

// Builds and factorises K in A (n * n), escalating the jitter on failure. Returns the
// jitter used; throws ERR_NOT_PD when every try fails.
double factorise(const Setup& s, const double* x, double jitter, double* A) {
  double j = jitter;
  for (int attempt = 0;; ++attempt) {
    build_k(s, x, j, A);
    const lapack_int info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'U', s.n, A, s.n);
    if (info == 0) return j;
    if (info < 0) fail(ERR_INTERNAL, "dpotrf rejected argument %d", int(-info));
    if (attempt == AMS_GP_JITTER_RETRIES)
      fail(ERR_NOT_PD, "kernel matrix (n = %d) is not positive definite even with diagonal jitter %g "
                       "(signal variance %g, noise variance %g)", s.n, j, s.s2, s.sn2);
    j = j > 0 ? j * 10.0 : 1e-10 * s.s2;
  }
}

// alpha = K^-1 y from the factor L (row-major lower).
void solve_alpha(const double* L, int32_t n, const double* y, double* alpha) {
  std::memcpy(alpha, y, size_t(n) * sizeof(double));
  cblas_dtrsv(CblasRowMajor, CblasLower, CblasNoTrans, CblasNonUnit, n, L, n, alpha, 1);
  cblas_dtrsv(CblasRowMajor, CblasLower, CblasTrans, CblasNonUnit, n, L, n, alpha, 1);
}

double nll_value(const double* L, int32_t n, const double* y, const double* alpha) {
  double quad = 0, logdet = 0;
  for (int64_t i = 0; i < n; ++i) {
    quad += y[i] * alpha[i];
    logdet += std::log(L[i * n + i]);
  }
  return 0.5 * quad + logdet + 0.5 * double(n) * kLog2Pi;
}

// dNLL/dtheta = -0.5 tr((a a^T - K^-1) dK/dtheta), with Kinv's lower triangle in A.
// Walks the lower triangle once, recomputing distances: O(n^2 d) time, O(d) extra memory.
void nll_gradient(const Setup& s, const double* x, const double* alpha, const double* Kinv,
                  double* grad) {
  const int32_t n = s.n, d = s.d;
  std::vector<double> gl(static_cast<size_t>(d), 0.0);
  std::vector<double> d2(static_cast<size_t>(d));
  double gs2 = 0, trw = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double* xi = x + i * d;
    const double* krow = Kinv + i * n;
    trw += alpha[i] * alpha[i] - krow[i];
    for (int64_t j = 0; j < i; ++j) {
      const double* xj = x + j * d;
      double r2 = 0;
      for (int32_t k = 0; k < d; ++k) {
        double t;
        if (s.cat[k]) {
          t = xi[k] != xj[k] ? 1.0 : 0.0;
        } else {
          t = xi[k] - xj[k];
          t *= t;
        }
        d2[k] = t;
        r2 += t * s.inv_l2[k];
      }
      double kv, g;
      kernel_value_grad(s.kernel, s.s2, r2, &kv, &g);
      const double w = 2.0 * (alpha[i] * alpha[j] - krow[j]);  // both triangles
      gs2 += w * kv;
      const double wg = w * g;
      for (int32_t k = 0; k < d; ++k) gl[k] += wg * d2[k];
    }
  }
  for (int32_t k = 0; k < d; ++k) grad[k] = -0.5 * gl[k] * s.inv_l2[k];
  grad[d] = -0.5 * (gs2 + s.s2 * trw);
  grad[d + 1] = -0.5 * s.sn2 * trw;
}

}  // namespace
}  // namespace ams

using namespace ams;

extern "C" {

int ams_gp_nll(int32_t kernel, int32_t n, int32_t d, const double* x, const double* y,
               const int32_t* cat, const double* theta, double jitter, int32_t threads,
               double* nll, double* grad, double* jitter_used) {
  return guard("ams_gp_nll", [&]() -> int {
    need(nll != nullptr, "nll is NULL");
    const Setup s = check_inputs(kernel, n, d, x, y, cat, theta, jitter, threads);
    BlasThreads bt(threads);
    std::vector<double> A(size_t(n) * size_t(n));
    std::vector<double> alpha(static_cast<size_t>(n));
    const double used = factorise(s, x, jitter, A.data());
    solve_alpha(A.data(), n, y, alpha.data());
    const double value = nll_value(A.data(), n, y, alpha.data());
    if (grad) {
      const lapack_int info = LAPACKE_dpotri(LAPACK_COL_MAJOR, 'U', n, A.data(), n);
      if (info != 0) fail(ERR_NOT_PD, "dpotri failed (info %d) for n = %d", int(info), n);
      nll_gradient(s, x, alpha.data(), A.data(), grad);
    }
    *nll = value;
    if (jitter_used) *jitter_used = used;
    return 0;
  });
}

ams_gp* ams_gp_create(int32_t kernel, int32_t n, int32_t d, const double* x, const double* y,
                      const int32_t* cat, const double* theta, double jitter, int32_t threads) {
  return guard("ams_gp_create", [&]() -> ams_gp* {
    const Setup s = check_inputs(kernel, n, d, x, y, cat, theta, jitter, threads);
    BlasThreads bt(threads);
    auto* gp = new ams_gp();
    try {
      gp->kernel = kernel;
      gp->n = n;
      gp->d = d;
      gp->x.assign(x, x + size_t(n) * size_t(d));
      gp->cat = s.cat;
      gp->inv_l2 = s.inv_l2;
      gp->s2 = s.s2;
      gp->sn2 = s.sn2;
      gp->L.resize(size_t(n) * size_t(n));
      gp->alpha.resize(size_t(n));
      gp->jitter = factorise(s, gp->x.data(), jitter, gp->L.data());
      // The upper triangle still holds nothing meaningful; keep it zero so L is clean.
      for (int64_t i = 0; i < n; ++i)
        std::fill(gp->L.begin() + i * n + i + 1, gp->L.begin() + (i + 1) * n, 0.0);
      solve_alpha(gp->L.data(), n, y, gp->alpha.data());
      gp->nll = nll_value(gp->L.data(), n, y, gp->alpha.data());
    } catch (...) {
      delete gp;
      throw;
    }
    return gp;
  });
}

void ams_gp_free(ams_gp* gp) { delete gp; }

int ams_gp_predict(const ams_gp* gp, int64_t m, const double* xs, int32_t threads,
                   double* mean, double* var) {
  return guard("ams_gp_predict", [&]() -> int {
    need(gp != nullptr, "gp is NULL");
    if (m < 0) fail(ERR_ARG, "m must be >= 0 (got %lld)", (long long)m);
    if (m == 0) return 0;
    need(xs != nullptr, "xs is NULL");
    need(mean != nullptr, "mean is NULL");
    check_threads(threads);
    const int32_t n = gp->n, d = gp->d;
    if (m > std::numeric_limits<int64_t>::max() / d) fail(ERR_ARG, "m x d is too large");
    for (int64_t c = 0; c < m; ++c)
      for (int32_t k = 0; k < d; ++k)
        if (!std::isfinite(xs[c * d + k]))
          fail(ERR_ARG, "xs at row %lld, column %d is not finite (%g)", (long long)c, k, xs[c * d + k]);
    BlasThreads bt(threads);
    const int64_t block = std::min<int64_t>(kBlock, m);
    std::vector<double> ks(size_t(block) * size_t(n));
    for (int64_t b0 = 0; b0 < m; b0 += block) {
      const int64_t bs = std::min(block, m - b0);
      for (int64_t c = 0; c < bs; ++c) {
        const double* xc = xs + (b0 + c) * d;
        double* row = ks.data() + c * n;
        for (int64_t j = 0; j < n; ++j)
          row[j] = kernel_value(gp->kernel, gp->s2,
                                scaled_r2(xc, gp->x.data() + j * d, gp->cat.data(), gp->inv_l2.data(), d));
      }
      cblas_dgemv(CblasRowMajor, CblasNoTrans, int(bs), n, 1.0, ks.data(), n, gp->alpha.data(), 1,
                  0.0, mean + b0, 1);
      if (var) {
        // V^T = K* L^-T, i.e. solve X L^T = K* in place: row c of X is column c of V.
        cblas_dtrsm(CblasRowMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, int(bs), n,
                    1.0, gp->L.data(), n, ks.data(), n);
        for (int64_t c = 0; c < bs; ++c) {
          const double* row = ks.data() + c * n;
          double q = 0;
          for (int64_t j = 0; j < n; ++j) q += row[j] * row[j];
          var[b0 + c] = std::max(0.0, gp->s2 - q);
        }
      }
    }
    return 0;
  });
}

double ams_gp_log_likelihood(const ams_gp* gp) {
  last_error().clear();
  if (!gp) {
    last_error() = "ams_gp_log_likelihood: gp is NULL";
    return std::numeric_limits<double>::quiet_NaN();
  }
  return -gp->nll;
}

double ams_gp_jitter(const ams_gp* gp) {
  last_error().clear();
  if (!gp) {
    last_error() = "ams_gp_jitter: gp is NULL";
    return std::numeric_limits<double>::quiet_NaN();
  }
  return gp->jitter;
}

int32_t ams_gp_size(const ams_gp* gp) {
  return guard("ams_gp_size", [&]() -> int32_t {
    need(gp != nullptr, "gp is NULL");
    return gp->n;
  });
}

int32_t ams_gp_dims(const ams_gp* gp) {
  return guard("ams_gp_dims", [&]() -> int32_t {
    need(gp != nullptr, "gp is NULL");
    return gp->d;
  });
}

}  // extern "C"
