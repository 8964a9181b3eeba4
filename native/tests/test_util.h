// Small helpers shared by the native tests (each *_test.cpp is its own executable).
#ifndef AMS_TEST_UTIL_H
#define AMS_TEST_UTIL_H

#include <ams/nn.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

static int g_failures = 0;

// CHECK(cond, printf-format, ...): records a failure with file:line and the numbers.
#define CHECK(cond, ...)                                                 \
  do {                                                                   \
    if (!(cond)) {                                                       \
      std::fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                 \
      std::fputc('\n', stderr);                                          \
      ++g_failures;                                                      \
    }                                                                    \
  } while (0)

// Must-succeed API call: prints ams_last_error() and counts a failure otherwise.
#define OK(call)                                                                        \
  do {                                                                                  \
    int rc_ = (call);                                                                   \
    if (rc_ != 0) {                                                                     \
      std::fprintf(stderr, "FAIL %s:%d: %s returned %d: %s\n", __FILE__, __LINE__, #call, \
                   rc_, ams_last_error());                                              \
      ++g_failures;                                                                     \
    }                                                                                   \
  } while (0)

inline int finish(const char* name) {
  if (g_failures) {
    std::printf("%s: %d failure(s)\n", name, g_failures);
    return 1;
  }
  std::printf("%s: all checks passed\n", name);
  return 0;
}

// Deterministic test data generator (independent of the library's RNG).
struct TestRng {
  uint64_t s;
  explicit TestRng(uint64_t seed) : s(seed) {}
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  double normal() {
    const double u1 = 1.0 - uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  int below(int n) { return int(next() % uint64_t(n)); }
};

using MlpPtr = std::unique_ptr<ams_mlp, decltype(&ams_mlp_free)>;
using DataPtr = std::unique_ptr<ams_data, decltype(&ams_data_free)>;

struct Spec {
  std::vector<int32_t> sizes;
  std::vector<int32_t> act;     // hidden layers
  std::vector<float> drop;      // hidden layers (empty = none)
  std::vector<int32_t> bn;      // hidden layers (empty = none)
  float slope = 0.1f;
  int32_t loss = AMS_LOSS_SOFTMAX_CE;
  int32_t init = AMS_INIT_XAVIER;
};

inline MlpPtr make_mlp(const Spec& s, uint64_t seed) {
  ams_mlp* m = ams_mlp_create(int32_t(s.sizes.size()), s.sizes.data(),
                              s.act.empty() ? nullptr : s.act.data(),
                              s.drop.empty() ? nullptr : s.drop.data(),
                              s.bn.empty() ? nullptr : s.bn.data(), s.slope, s.loss, s.init, seed);
  if (!m) {
    std::fprintf(stderr, "FAIL ams_mlp_create: %s\n", ams_last_error());
    ++g_failures;
  }
  return MlpPtr(m, ams_mlp_free);
}

// Random features in [-1, 1]; labels uniform (classification) or targets = a fixed random
// linear map of x plus noise (regression).
inline DataPtr make_data(int64_t n, int32_t d, int32_t classes, int32_t tdim, uint64_t seed,
                         double noise = 0.0) {
  TestRng r(seed);
  std::vector<float> x(size_t(n) * d);
  for (auto& v : x) v = float(2.0 * r.uniform() - 1.0);
  ams_data* data;
  if (classes >= 2) {
    std::vector<int32_t> y(static_cast<size_t>(n));
    for (auto& v : y) v = r.below(classes);
    data = ams_data_create(x.data(), n, d, y.data(), classes, nullptr, 0);
  } else {
    std::vector<double> A(size_t(d) * tdim);
    for (auto& v : A) v = r.normal() / std::sqrt(double(d));
    std::vector<float> t(size_t(n) * tdim);
    for (int64_t i = 0; i < n; ++i)
      for (int32_t j = 0; j < tdim; ++j) {
        double s = 0.1 * j;
        for (int32_t c = 0; c < d; ++c) s += A[size_t(c) * tdim + j] * x[size_t(i) * d + c];
        t[size_t(i) * tdim + j] = float(s + noise * r.normal());
      }
    data = ams_data_create(x.data(), n, d, nullptr, 0, t.data(), tdim);
  }
  if (!data) {
    std::fprintf(stderr, "FAIL ams_data_create: %s\n", ams_last_error());
    ++g_failures;
  }
  return DataPtr(data, ams_data_free);
}

inline std::vector<float> params_of(const ams_mlp* m) {
  std::vector<float> p(size_t(ams_mlp_param_count(m)));
  ams_mlp_get_params(m, p.data());
  return p;
}

inline std::vector<uint8_t> state_of(const ams_mlp* m) {
  std::vector<uint8_t> s(size_t(ams_mlp_state_size(m)));
  OK(ams_mlp_save(m, s.data(), int64_t(s.size())));
  return s;
}

#endif
