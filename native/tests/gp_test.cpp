// Gaussian-process kernels (ams/gp.h) against naive O(n^3) references written here:
// NLL, analytic gradient vs central finite differences, posterior mean/variance, jitter
// escalation on a singular kernel matrix, argument checks and determinism.
#include <ams/gp.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "test_util.h"

namespace {

struct Problem {
  int32_t n, d;
  std::vector<double> x, y;
  std::vector<int32_t> cat;
  std::vector<double> theta;
};

// Random unit-cube points; categorical columns hold indices 0..2. y a smooth function + noise.
Problem make_problem(int32_t n, int32_t d, const std::vector<int32_t>& cat, uint64_t seed) {
  TestRng r(seed);
  Problem p{n, d, std::vector<double>(size_t(n) * d), std::vector<double>(size_t(n)), cat, {}};
  for (int32_t i = 0; i < n; ++i) {
    double s = 0;
    for (int32_t k = 0; k < d; ++k) {
      double v = cat[k] ? double(r.below(3)) : r.uniform();
      p.x[size_t(i) * d + k] = v;
      s += std::sin(3.0 * v + k);
    }
    p.y[i] = s + 0.1 * r.normal();
  }
  for (int32_t k = 0; k < d; ++k) p.theta.push_back(std::log(0.3 + 0.2 * k));
  p.theta.push_back(std::log(1.3));   // s2
  p.theta.push_back(std::log(0.02));  // sn2
  return p;
}

double naive_k(int32_t kernel, const double* a, const double* b, const Problem& p) {
  double r2 = 0;
  for (int32_t k = 0; k < p.d; ++k) {
    const double l = std::exp(p.theta[k]);
    const double dk = p.cat[k] ? (a[k] != b[k] ? 1.0 : 0.0) : (a[k] - b[k]);
    r2 += dk * dk / (l * l);
  }
  const double s2 = std::exp(p.theta[p.d]);
  const double r = std::sqrt(r2);
  if (kernel == AMS_GP_MATERN52) return s2 * (1 + std::sqrt(5.0) * r + 5.0 / 3.0 * r2) * std::exp(-std::sqrt(5.0) * r);
  return s2 * std::exp(-0.5 * r2);
}

// Full K with noise + jitter on the diagonal, naive Cholesky (lower, full storage).
std::vector<double> naive_chol(int32_t kernel, const Problem& p, double jitter) {
  const int32_t n = p.n;
  std::vector<double> K(size_t(n) * n), L(size_t(n) * n, 0.0);
  for (int32_t i = 0; i < n; ++i)
    for (int32_t j = 0; j < n; ++j)
      K[size_t(i) * n + j] = naive_k(kernel, &p.x[size_t(i) * p.d], &p.x[size_t(j) * p.d], p) +
                             (i == j ? std::exp(p.theta[p.d + 1]) + jitter : 0.0);
  for (int32_t j = 0; j < n; ++j) {
    double s = K[size_t(j) * n + j];
    for (int32_t k = 0; k < j; ++k) s -= L[size_t(j) * n + k] * L[size_t(j) * n + k];
    L[size_t(j) * n + j] = std::sqrt(s);
    for (int32_t i = j + 1; i < n; ++i) {
      double t = K[size_t(i) * n + j];
      for (int32_t k = 0; k < j; ++k) t -= L[size_t(i) * n + k] * L[size_t(j) * n + k];
      L[size_t(i) * n + j] = t / L[size_t(j) * n + j];
    }
  }
  return L;
}

// Solves L L^T z = b.
std::vector<double> chol_solve(const std::vector<double>& L, int32_t n, std::vector<double> b) {
  for (int32_t i = 0; i < n; ++i) {
    for (int32_t k = 0; k < i; ++k) b[i] -= L[size_t(i) * n + k] * b[k];
    b[i] /= L[size_t(i) * n + i];
  }
  for (int32_t i = n - 1; i >= 0; --i) {
    for (int32_t k = i + 1; k < n; ++k) b[i] -= L[size_t(k) * n + i] * b[k];
    b[i] /= L[size_t(i) * n + i];
  }
  return b;
}

double naive_nll(int32_t kernel, const Problem& p, double jitter) {
  const auto L = naive_chol(kernel, p, jitter);
  const auto a = chol_solve(L, p.n, p.y);
  double v = 0.5 * p.n * std::log(2 * M_PI);
  for (int32_t i = 0; i < p.n; ++i) v += 0.5 * p.y[i] * a[i] + std::log(L[size_t(i) * p.n + i]);
  return v;
}

const char* kname(int32_t kernel) { return kernel == AMS_GP_MATERN52 ? "matern52" : "se"; }

bool close(double a, double b, double rel, double abs_floor = 1.0) {
  return std::fabs(a - b) <= rel * std::max(abs_floor, std::max(std::fabs(a), std::fabs(b)));
}

// NLL vs the naive reference (1e-10 relative) and the gradient vs central differences of the
// native NLL (step 1e-5 in theta; |analytic - fd| <= 1e-6 * max(1, |g|)).
void test_nll_and_gradient(int32_t kernel, const std::vector<int32_t>& cat) {
  const int32_t d = int32_t(cat.size());
  Problem p = make_problem(40, d, cat, 11 + kernel * 7 + d);
  const double jitter = 1e-8;
  double nll = 0, used = -1;
  std::vector<double> grad(size_t(d) + 2);
  OK(ams_gp_nll(kernel, p.n, d, p.x.data(), p.y.data(), p.cat.data(), p.theta.data(), jitter, 1,
                &nll, grad.data(), &used));
  CHECK(used == jitter, "%s: jitter used %g, expected %g", kname(kernel), used, jitter);
  const double ref = naive_nll(kernel, p, jitter);
  CHECK(close(nll, ref, 1e-10), "%s d=%d: nll %.15g vs naive %.15g", kname(kernel), d, nll, ref);

  for (int32_t t = 0; t < d + 2; ++t) {
    const double h = 1e-5;
    double fp = 0, fm = 0;
    std::vector<double> th = p.theta;
    th[t] += h;
    OK(ams_gp_nll(kernel, p.n, d, p.x.data(), p.y.data(), p.cat.data(), th.data(), jitter, 1, &fp, nullptr, nullptr));
    th[t] -= 2 * h;
    OK(ams_gp_nll(kernel, p.n, d, p.x.data(), p.y.data(), p.cat.data(), th.data(), jitter, 1, &fm, nullptr, nullptr));
    const double fd = (fp - fm) / (2 * h);
    CHECK(close(grad[t], fd, 1e-6), "%s d=%d: dNLL/dtheta[%d] analytic %.10g vs fd %.10g%s", kname(kernel), d, t,
          grad[t], fd, t < d && cat[t] ? " (categorical)" : "");
  }

  // Determinism with one thread, and agreement with two.
  double nll2 = 0;
  std::vector<double> grad2(size_t(d) + 2);
  OK(ams_gp_nll(kernel, p.n, d, p.x.data(), p.y.data(), p.cat.data(), p.theta.data(), jitter, 1,
                &nll2, grad2.data(), nullptr));
  CHECK(std::memcmp(&nll, &nll2, sizeof nll) == 0 && std::memcmp(grad.data(), grad2.data(), grad.size() * sizeof(double)) == 0,
        "%s: one-thread results differ between runs", kname(kernel));
  OK(ams_gp_nll(kernel, p.n, d, p.x.data(), p.y.data(), p.cat.data(), p.theta.data(), jitter, 2,
                &nll2, grad2.data(), nullptr));
  CHECK(close(nll, nll2, 1e-12), "%s: two threads nll %.15g vs %.15g", kname(kernel), nll2, nll);
}

// Posterior mean and latent variance vs naive solves (1e-9 absolute on standardised scale).
void test_predict(int32_t kernel, const std::vector<int32_t>& cat) {
  const int32_t d = int32_t(cat.size());
  Problem p = make_problem(50, d, cat, 5 + kernel);
  const double jitter = 1e-8;
  ams_gp* gp = ams_gp_create(kernel, p.n, d, p.x.data(), p.y.data(), p.cat.data(), p.theta.data(), jitter, 1);
  CHECK(gp != nullptr, "ams_gp_create: %s", ams_last_error());
  if (!gp) return;
  CHECK(ams_gp_size(gp) == p.n && ams_gp_dims(gp) == d, "size/dims %d/%d", ams_gp_size(gp), ams_gp_dims(gp));
  CHECK(ams_gp_jitter(gp) == jitter, "jitter %g", ams_gp_jitter(gp));
  const double ref_nll = naive_nll(kernel, p, jitter);
  CHECK(close(-ams_gp_log_likelihood(gp), ref_nll, 1e-10), "log likelihood %.15g vs naive %.15g",
        ams_gp_log_likelihood(gp), -ref_nll);

  // 300 candidates (more than one block of 256), a few of them training points.
  const int64_t m = 300;
  Problem q = make_problem(int32_t(m), d, cat, 99 + kernel);
  for (int c = 0; c < 5; ++c) std::memcpy(&q.x[size_t(c) * d], &p.x[size_t(c) * 3 * d], d * sizeof(double));
  std::vector<double> mean(m), var(m);
  OK(ams_gp_predict(gp, m, q.x.data(), 1, mean.data(), var.data()));
  const auto L = naive_chol(kernel, p, jitter);
  const auto a = chol_solve(L, p.n, p.y);
  const double s2 = std::exp(p.theta[d]);
  double worst_m = 0, worst_v = 0;
  for (int64_t c = 0; c < m; ++c) {
    std::vector<double> ks(p.n);
    for (int32_t j = 0; j < p.n; ++j) ks[j] = naive_k(kernel, &q.x[size_t(c) * d], &p.x[size_t(j) * d], p);
    const auto w = chol_solve(L, p.n, ks);
    double mu = 0, quad = 0;
    for (int32_t j = 0; j < p.n; ++j) {
      mu += ks[j] * a[j];
      quad += ks[j] * w[j];
    }
    const double v = std::max(0.0, s2 - quad);
    worst_m = std::max(worst_m, std::fabs(mu - mean[c]));
    worst_v = std::max(worst_v, std::fabs(v - var[c]));
  }
  CHECK(worst_m < 1e-9, "%s d=%d: worst mean error %g", kname(kernel), d, worst_m);
  CHECK(worst_v < 1e-9, "%s d=%d: worst variance error %g", kname(kernel), d, worst_v);

  // Mean-only call, and a call with several threads, agree.
  std::vector<double> mean2(m), var2(m);
  OK(ams_gp_predict(gp, m, q.x.data(), 1, mean2.data(), nullptr));
  CHECK(std::memcmp(mean.data(), mean2.data(), m * sizeof(double)) == 0, "mean-only prediction differs");
  OK(ams_gp_predict(gp, m, q.x.data(), 2, mean2.data(), var2.data()));
  for (int64_t c = 0; c < m; ++c)
    CHECK(std::fabs(mean2[c] - mean[c]) < 1e-12 && std::fabs(var2[c] - var[c]) < 1e-12, "two threads differ at %lld", (long long)c);
  OK(ams_gp_predict(gp, 0, nullptr, 1, nullptr, nullptr));
  ams_gp_free(gp);
}

// Singular kernel matrices without noise or jitter. The call either succeeds through jitter
// escalation (reporting the jitter it used) or fails with AMS_GP_NOT_PD and a message naming n.
void check_singular(const char* what, int32_t n, int32_t d, const std::vector<double>& x,
                    const std::vector<double>& y, const std::vector<double>& theta, bool must_escalate) {
  double nll = 0, used = -1;
  std::vector<double> grad(d + 2);
  const int rc = ams_gp_nll(AMS_GP_SE, n, d, x.data(), y.data(), nullptr, theta.data(), 0.0, 1, &nll, grad.data(), &used);
  CHECK(rc == 0 || rc == AMS_GP_NOT_PD, "%s: rc %d: %s", what, rc, ams_last_error());
  if (rc == 0) {
    if (must_escalate) CHECK(used > 0, "%s: singular K factorised without jitter", what);
    CHECK(std::isfinite(nll) && std::isfinite(grad[0]), "%s: nll %g grad %g", what, nll, grad[0]);
  } else {
    CHECK(std::strstr(ams_last_error(), "not positive definite") && std::strstr(ams_last_error(), "n = "),
          "%s: message %s", what, ams_last_error());
  }
  ams_gp* gp = ams_gp_create(AMS_GP_SE, n, d, x.data(), y.data(), nullptr, theta.data(), 0.0, 1);
  CHECK((gp != nullptr) == (rc == 0), "%s: create and nll disagree", what);
  if (gp) {
    CHECK(ams_gp_jitter(gp) == used, "%s: model jitter %g, nll jitter %g", what, ams_gp_jitter(gp), used);
    ams_gp_free(gp);
  }
  std::printf("%s: rc %d, jitter used %g\n", what, rc, used);
}

void test_not_pd() {
  // 30 evenly spaced points, SE kernel with lengthscale 1: eigenvalues decay far below
  // float64 precision, so jitter 0 fails (deterministically, for this input) and 1e-10 s2 or
  // a later escalation step succeeds.
  {
    const int32_t n = 30;
    std::vector<double> x(n), y(n);
    for (int32_t i = 0; i < n; ++i) {
      x[i] = i / double(n - 1);
      y[i] = std::sin(3 * x[i]);
    }
    check_singular("smooth SE, no noise", n, 1, x, y, {0.0, 0.0, -60.0}, true);
  }
  // Duplicated points, noise ~ 1e-26: singular; whether the first try fails depends on rounding.
  {
    const int32_t n = 30, d = 2;
    Problem p = make_problem(n, d, std::vector<int32_t>(d, 0), 3);
    for (int32_t i = 1; i < n; i += 2) std::memcpy(&p.x[size_t(i) * d], &p.x[size_t(i - 1) * d], d * sizeof(double));
    check_singular("duplicates", n, d, p.x, p.y, {std::log(0.3), std::log(0.5), 0.0, -60.0}, false);
  }
}

void test_bad_arguments() {
  const int32_t n = 5, d = 2;
  std::vector<double> x(size_t(n) * d, 0.25), y(n, 1.0), th = {0.0, 0.0, 0.0, -2.0};
  for (int i = 0; i < n * d; ++i) x[i] = 0.1 * i;
  double nll;
  auto expect_err = [](int rc, const char* what, const char* needle) {
    CHECK(rc < 0, "%s accepted (rc %d)", what, rc);
    CHECK(std::strstr(ams_last_error(), needle) != nullptr, "%s: message '%s' lacks '%s'", what, ams_last_error(), needle);
  };
  expect_err(ams_gp_nll(AMS_GP_SE, 0, d, x.data(), y.data(), nullptr, th.data(), 0, 1, &nll, nullptr, nullptr), "n = 0", "n must be");
  expect_err(ams_gp_nll(AMS_GP_SE, n, 0, x.data(), y.data(), nullptr, th.data(), 0, 1, &nll, nullptr, nullptr), "d = 0", "d must be");
  expect_err(ams_gp_nll(7, n, d, x.data(), y.data(), nullptr, th.data(), 0, 1, &nll, nullptr, nullptr), "kernel 7", "kernel");
  expect_err(ams_gp_nll(AMS_GP_SE, n, d, nullptr, y.data(), nullptr, th.data(), 0, 1, &nll, nullptr, nullptr), "x NULL", "x is NULL");
  expect_err(ams_gp_nll(AMS_GP_SE, n, d, x.data(), y.data(), nullptr, th.data(), 0, 0, &nll, nullptr, nullptr), "threads 0", "threads");
  expect_err(ams_gp_nll(AMS_GP_SE, n, d, x.data(), y.data(), nullptr, th.data(), -1, 1, &nll, nullptr, nullptr), "jitter -1", "jitter");
  expect_err(ams_gp_nll(AMS_GP_SE, n, d, x.data(), y.data(), nullptr, th.data(), 0, 1, nullptr, nullptr, nullptr), "nll NULL", "nll is NULL");
  std::vector<double> bx = x;
  bx[3 * d + 1] = std::numeric_limits<double>::quiet_NaN();
  expect_err(ams_gp_nll(AMS_GP_SE, n, d, bx.data(), y.data(), nullptr, th.data(), 0, 1, &nll, nullptr, nullptr), "NaN x", "row 3, column 1");
  std::vector<double> by = y;
  by[2] = INFINITY;
  expect_err(ams_gp_nll(AMS_GP_SE, n, d, x.data(), by.data(), nullptr, th.data(), 0, 1, &nll, nullptr, nullptr), "Inf y", "y at row 2");
  std::vector<double> bt = th;
  bt[1] = NAN;
  expect_err(ams_gp_nll(AMS_GP_SE, n, d, x.data(), y.data(), nullptr, bt.data(), 0, 1, &nll, nullptr, nullptr), "NaN theta", "theta[1]");
  bt = th;
  bt[d] = 800;  // exp overflows
  expect_err(ams_gp_nll(AMS_GP_SE, n, d, x.data(), y.data(), nullptr, bt.data(), 0, 1, &nll, nullptr, nullptr), "huge s2", "signal variance");
  std::vector<int32_t> badcat = {0, 2};
  expect_err(ams_gp_nll(AMS_GP_SE, n, d, x.data(), y.data(), badcat.data(), th.data(), 0, 1, &nll, nullptr, nullptr), "cat 2", "cat[1]");

  CHECK(ams_gp_create(AMS_GP_SE, n, d, bx.data(), y.data(), nullptr, th.data(), 0, 1) == nullptr, "create accepted NaN x");
  CHECK(std::strstr(ams_last_error(), "ams_gp_create") != nullptr, "message '%s'", ams_last_error());
  ams_gp* gp = ams_gp_create(AMS_GP_SE, n, d, x.data(), y.data(), nullptr, th.data(), 0, 1);
  CHECK(gp != nullptr && ams_last_error()[0] == '\0', "create failed or left a message: %s", ams_last_error());
  std::vector<double> mean(2), var(2);
  expect_err(ams_gp_predict(nullptr, 2, x.data(), 1, mean.data(), var.data()), "predict NULL gp", "gp is NULL");
  expect_err(ams_gp_predict(gp, -1, x.data(), 1, mean.data(), var.data()), "predict m -1", "m must be");
  expect_err(ams_gp_predict(gp, 2, bx.data() + 2 * d, 1, mean.data(), var.data()), "predict NaN", "row 1, column 1");
  expect_err(ams_gp_predict(gp, 2, x.data(), 1, nullptr, var.data()), "predict mean NULL", "mean is NULL");
  CHECK(std::isnan(ams_gp_log_likelihood(nullptr)) && std::isnan(ams_gp_jitter(nullptr)), "NULL getters not NaN");
  CHECK(ams_gp_size(nullptr) < 0 && ams_gp_dims(nullptr) < 0, "NULL size/dims not negative");
  ams_gp_free(gp);
  ams_gp_free(nullptr);
}

}  // namespace

int main() {
  for (int32_t kernel : {AMS_GP_MATERN52, AMS_GP_SE}) {
    test_nll_and_gradient(kernel, {0, 0, 0});
    test_nll_and_gradient(kernel, {0, 1, 0, 0});
    test_predict(kernel, {0, 0, 0});
    test_predict(kernel, {1, 0, 0, 0, 0});
  }
  test_not_pd();
  test_bad_arguments();
  return finish("gp_test");
}
