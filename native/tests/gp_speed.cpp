// Timing tool (not a test): GP likelihood+gradient, model creation and prediction on random
// data, one BLAS thread unless given. Run: build/native/gp_speed [n] [d] [threads]
#include <ams/gp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "test_util.h"

int main(int argc, char** argv) {
  const int32_t n = argc > 1 ? std::atoi(argv[1]) : 500;
  const int32_t d = argc > 2 ? std::atoi(argv[2]) : 8;
  const int32_t threads = argc > 3 ? std::atoi(argv[3]) : 1;
  const int64_t m = 2000;
  TestRng r(1);
  std::vector<double> x(size_t(n) * d), y(n), xs(size_t(m) * d), grad(d + 2), mean(m), var(m);
  for (auto& v : x) v = r.uniform();
  for (auto& v : xs) v = r.uniform();
  for (auto& v : y) v = r.normal();
  std::vector<double> theta(d + 2, std::log(0.5));
  theta[d] = 0.0;
  theta[d + 1] = std::log(1e-3);
  using clk = std::chrono::steady_clock;
  auto secs = [](clk::time_point a) { return std::chrono::duration<double>(clk::now() - a).count(); };

  double nll = 0;
  const int reps = 5;
  auto t0 = clk::now();
  for (int i = 0; i < reps; ++i)
    if (ams_gp_nll(AMS_GP_MATERN52, n, d, x.data(), y.data(), nullptr, theta.data(), 1e-8, threads, &nll, grad.data(), nullptr)) {
      std::fprintf(stderr, "%s\n", ams_last_error());
      return 1;
    }
  const double t_nll = secs(t0) / reps;
  t0 = clk::now();
  ams_gp* gp = ams_gp_create(AMS_GP_MATERN52, n, d, x.data(), y.data(), nullptr, theta.data(), 1e-8, threads);
  const double t_create = secs(t0);
  if (!gp) {
    std::fprintf(stderr, "%s\n", ams_last_error());
    return 1;
  }
  t0 = clk::now();
  ams_gp_predict(gp, m, xs.data(), threads, mean.data(), var.data());
  const double t_pred = secs(t0);
  ams_gp_free(gp);
  std::printf("n=%d d=%d threads=%d: nll+grad %.2f ms, create %.2f ms, predict %lld points %.2f ms (%.2f us/point)\n",
              n, d, threads, 1e3 * t_nll, 1e3 * t_create, (long long)m, 1e3 * t_pred, 1e6 * t_pred / double(m));
  return 0;
}
