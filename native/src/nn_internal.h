// Internal declarations of Ams's native MLP trainer (not part of the C API).
//
// Layout conventions
//   * All parameters live in one contiguous float array, in exactly the order of
//     ams_mlp_get_params: per layer W (in x out, row-major), b (out), then gamma (out)
//     and beta (out) for batch-norm layers. Gradients and optimizer moments use the
//     same layout, so get/set_params and the checkpoint are plain copies.
//   * Every buffer is 64-byte aligned and owned by the ams_mlp / ams_data object. The
//     per-row workspaces are sized for the largest batch seen and only ever grow, so a
//     training epoch allocates nothing per batch.
#ifndef AMS_NN_INTERNAL_H
#define AMS_NN_INTERNAL_H

#include "ams/nn.h"
#include "common_internal.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>
#include <string>
#include <vector>

namespace ams {

// ---------------------------------------------------------------- aligned buffers

// Uninitialised 64-byte aligned array that only grows. Not copyable.
template <class T>
class Buf {
 public:
  Buf() = default;
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  ~Buf() { std::free(p_); }
  // Ensures room for n elements; existing contents are discarded when it reallocates.
  void reserve_discard(size_t n) {
    if (n <= n_ && p_) return;
    size_t bytes = (n * sizeof(T) + 63) & ~size_t(63);
    if (bytes == 0) bytes = 64;
    void* q = std::aligned_alloc(64, bytes);
    if (!q) throw std::bad_alloc();
    std::free(p_);
    p_ = static_cast<T*>(q);
    n_ = n;
  }
  // Allocates exactly n zeroed elements.
  void assign_zero(size_t n) {
    reserve_discard(n);
    std::memset(p_, 0, n * sizeof(T));
  }
  void swap(Buf& o) {
    std::swap(p_, o.p_);
    std::swap(n_, o.n_);
  }
  void release() {
    std::free(p_);
    p_ = nullptr;
    n_ = 0;
  }
  T* data() { return p_; }
  const T* data() const { return p_; }
  T& operator[](size_t i) { return p_[i]; }
  const T& operator[](size_t i) const { return p_[i]; }
  size_t size() const { return n_; }
  bool empty() const { return p_ == nullptr; }

 private:
  T* p_ = nullptr;
  size_t n_ = 0;
};

// ---------------------------------------------------------------- RNG

inline uint64_t splitmix64(uint64_t& z) {
  uint64_t x = (z += 0x9E3779B97F4A7C15ull);
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// xoshiro256** (Blackman & Vigna): the only source of randomness (init, shuffle, dropout).
struct Rng {
  uint64_t s[4];
  void seed_from(uint64_t& sm) {
    for (auto& w : s) w = splitmix64(sm);
  }
  static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  inline uint64_t next() {
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
  // Uniform in [0, 1) with 53 random bits.
  inline double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  // Unbiased integer in [0, n) (Lemire's multiply-and-reject), n >= 1.
  inline uint64_t below(uint64_t n) {
    unsigned __int128 m = (unsigned __int128)next() * n;
    uint64_t lo = (uint64_t)m;
    if (lo < n) {
      const uint64_t t = (0 - n) % n;
      while (lo < t) {
        m = (unsigned __int128)next() * n;
        lo = (uint64_t)m;
      }
    }
    return (uint64_t)(m >> 64);
  }
};

// ---------------------------------------------------------------- objects

struct OptConfig {
  int32_t kind = AMS_OPT_SGD;
  float lr = 0.01f, momentum = 0.f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
  float weight_decay = 0.f, clip_norm = 0.f;
};

struct SchedConfig {
  int32_t kind = AMS_SCHED_CONSTANT;
  int64_t step_size = 1;
  float gamma = 1.f;
  int64_t warmup = 0;
  int64_t total = 0;
  float min_lr = 0.f;
};

struct Layer {
  int32_t in = 0, out = 0;
  int32_t act = AMS_ACT_IDENTITY;  // identity for the output layer
  float drop = 0.f;                // 0 for the output layer
  bool bn = false;                 // false for the output layer
  int64_t w_off = 0, b_off = 0, g_off = -1, be_off = -1;  // offsets into params

  // Batch-norm state (saved in checkpoints) and per-batch statistics (workspace).
  Buf<float> run_mean, run_var;
  Buf<float> bn_mean, bn_invstd;
  Buf<double> acc0, acc1;  // per-column accumulators for BN statistics / backward

  // Per-row workspaces, capacity rows x out:
  Buf<float> z;     // X.W + b; for batch-norm layers, x-hat after the forward pass
  Buf<float> y;     // batch-norm output gamma * x-hat + beta (batch-norm layers only)
  Buf<float> a;     // activation output
  Buf<float> mask;  // dropout scale per element: 0 or 1/(1-p) (dropout layers only)
  Buf<float> o;     // a * mask, the layer's output when it has dropout
  Buf<float> g;     // dL/d(output), turned into dL/dZ in place during backward
};

}  // namespace ams

struct ams_data {
  int64_t n = 0;
  int32_t d = 0;
  int32_t classes = 0;     // >= 2 for classification, 0 for regression
  int32_t target_dim = 0;  // regression only
  ams::Buf<float> x;
  ams::Buf<int32_t> labels;
  ams::Buf<float> targets;
};

struct ams_mlp {
  // spec
  int32_t n_layers = 0;
  std::vector<int32_t> sizes;
  float leaky_slope = 0.01f;
  int32_t loss = AMS_LOSS_SOFTMAX_CE;
  int32_t init = AMS_INIT_HE;
  uint64_t seed = 0;
  std::vector<ams::Layer> layers;
  int64_t n_params = 0, n_weights = 0;

  // parameters and training state
  ams::Buf<float> params, grads;
  ams::Buf<float> mom1, mom2;        // optimizer moments (allocated as the kind needs)
  ams::Buf<uint32_t> pmask;          // prune mask over params: 0 or ~0u (when has_mask)
  bool has_mask = false;
  bool opt_set = false;
  ams::OptConfig opt;
  int64_t opt_t = 0;                 // steps since set_optimizer (bias correction)
  ams::SchedConfig sched;
  int64_t step = 0;                  // optimizer steps taken (drives the schedule)
  int64_t epoch = 0;                 // epochs trained
  ams::Rng rng;                      // shuffling and dropout

  // workspaces
  int64_t cap_rows = 0;
  ams::Buf<float> xb;                // gathered batch rows
  ams::Buf<int32_t> yb;              // gathered labels
  ams::Buf<float> tb;                // gathered regression targets
  ams::Buf<int64_t> perm;            // epoch permutation

  // Set by ams_mlp_cancel from another thread, read before every mini-batch.
  std::atomic<int> cancel{0};
};

namespace ams {

// ---- training core (nn_train.cpp)
void ensure_workspace(ams_mlp* m, int64_t rows);
// Forward + loss + backward on rows [X, labels|targets]. Fills m->grads, returns the SUM
// of per-sample losses. dropout: apply dropout masks; update_running: update BN running
// statistics.
double forward_backward(ams_mlp* m, int64_t rows, const float* X, const int32_t* labels,
                        const float* targets, bool dropout, bool update_running);
void train_epoch(ams_mlp* m, const ams_data* d, int32_t batch_size, double* mean_loss);
// Evaluation-mode forward over all rows (chunks of kEvalChunk); fills loss/metric and,
// when out is not NULL, the outputs (n x out_width). Any pointer may be NULL.
constexpr int64_t kEvalChunk = 1024;
void evaluate(const ams_mlp* m, const ams_data* d, double* loss, double* metric, float* out);

// ---- optimizer (nn_optim.cpp)
void optimizer_step(ams_mlp* m);
double scheduled_lr(const ams_mlp* m, int64_t step);
void reset_optimizer_state(ams_mlp* m);
int moment_count(int32_t kind);

// ---- checkpoint and pruning (nn_state.cpp)
int64_t state_size(const ams_mlp* m);
void save_state(const ams_mlp* m, void* buf, int64_t len);
void restore_state(ams_mlp* m, const void* buf, int64_t len);
void prune(ams_mlp* m, int32_t mode, float sparsity);
void apply_mask(ams_mlp* m);

}  // namespace ams

#endif
