// The C boundary of Ams's native MLP trainer (see include/ams/nn.h): argument checks,
// error reporting, BLAS thread control and exception containment. No exception and no
// C++ type crosses this file's functions.
#include <cblas.h>

#include <cmath>
#include <cstdio>

#include "nn_internal.h"

namespace ams {

namespace {

constexpr int32_t kMaxWidth = 1 << 24;
constexpr int64_t kMaxParams = int64_t(1) << 34;  // 64 GiB of float32 parameters

void check_mlp(const ams_mlp* m) {
  if (!m) fail(ERR_ARG, "mlp is NULL");
}

// The data must fit the network: width, and labels/targets matching the loss and output.
void check_data(const ams_mlp* m, const ams_data* d) {
  if (!d) fail(ERR_ARG, "data is NULL");
  if (d->d != m->sizes[0])
    fail(ERR_MISMATCH, "data has %d columns, the network's input width is %d", d->d, m->sizes[0]);
  const int32_t k = m->sizes.back();
  if (m->loss == AMS_LOSS_SOFTMAX_CE) {
    if (d->classes == 0) fail(ERR_MISMATCH, "softmax cross-entropy needs labelled (classification) data, got regression targets");
    if (d->classes != k) fail(ERR_MISMATCH, "data has %d classes, the network has %d outputs", d->classes, k);
  } else {
    if (d->classes != 0) fail(ERR_MISMATCH, "MSE needs regression targets, got classification labels");
    if (d->target_dim != k) fail(ERR_MISMATCH, "data has target_dim %d, the network has %d outputs", d->target_dim, k);
  }
}

bool finite(float v) { return std::isfinite(v); }

std::atomic<int64_t> g_active_trainings{0};

// Counts a training call for ams_mlp_active_trainings while it runs, however it returns.
struct ActiveTraining {
  ActiveTraining() { g_active_trainings.fetch_add(1); }
  ~ActiveTraining() { g_active_trainings.fetch_sub(1); }
  ActiveTraining(const ActiveTraining&) = delete;
  ActiveTraining& operator=(const ActiveTraining&) = delete;
};

// The checked optimizer settings of ams_mlp_set_optimizer and ams_mlp_retune.
OptConfig checked_optimizer(int32_t kind, float lr, float momentum, float beta1, float beta2, float eps,
                            float weight_decay, float clip_norm) {
  if (kind < AMS_OPT_SGD || kind > AMS_OPT_ADAGRAD) fail(ERR_ARG, "kind = %d is not an AMS_OPT_* value", kind);
  if (!(finite(lr) && lr > 0.f)) fail(ERR_ARG, "lr must be finite and > 0 (got %g)", double(lr));
  if (!(finite(weight_decay) && weight_decay >= 0.f)) fail(ERR_ARG, "weight_decay must be finite and >= 0 (got %g)", double(weight_decay));
  if (!(finite(clip_norm) && clip_norm >= 0.f)) fail(ERR_ARG, "clip_norm must be finite and >= 0 (got %g)", double(clip_norm));
  OptConfig o;
  o.kind = kind;
  o.lr = lr;
  o.weight_decay = weight_decay;
  o.clip_norm = clip_norm;
  switch (kind) {
    case AMS_OPT_MOMENTUM:
    case AMS_OPT_NESTEROV:
      if (!(momentum >= 0.f && momentum < 1.f)) fail(ERR_ARG, "momentum must be in [0, 1) (got %g)", double(momentum));
      if (kind == AMS_OPT_NESTEROV && !(momentum > 0.f)) fail(ERR_ARG, "Nesterov momentum needs momentum > 0");
      o.momentum = momentum;
      break;
    case AMS_OPT_ADAM:
    case AMS_OPT_ADAMW:
      if (!(beta1 >= 0.f && beta1 < 1.f)) fail(ERR_ARG, "beta1 must be in [0, 1) (got %g)", double(beta1));
      if (!(beta2 >= 0.f && beta2 < 1.f)) fail(ERR_ARG, "beta2 must be in [0, 1) (got %g)", double(beta2));
      if (!(finite(eps) && eps > 0.f)) fail(ERR_ARG, "eps must be finite and > 0 (got %g)", double(eps));
      o.beta1 = beta1;
      o.beta2 = beta2;
      o.eps = eps;
      break;
    case AMS_OPT_RMSPROP:
      if (!(momentum >= 0.f && momentum < 1.f)) fail(ERR_ARG, "momentum must be in [0, 1) (got %g)", double(momentum));
      if (!(beta2 >= 0.f && beta2 < 1.f)) fail(ERR_ARG, "beta2 (RMSProp rho) must be in [0, 1) (got %g)", double(beta2));
      if (!(finite(eps) && eps > 0.f)) fail(ERR_ARG, "eps must be finite and > 0 (got %g)", double(eps));
      o.momentum = momentum;
      o.beta2 = beta2;
      o.eps = eps;
      break;
    case AMS_OPT_ADAGRAD:
      if (!(finite(eps) && eps > 0.f)) fail(ERR_ARG, "eps must be finite and > 0 (got %g)", double(eps));
      o.eps = eps;
      break;
    default: break;
  }
  return o;
}

}  // namespace

}  // namespace ams

using namespace ams;

extern "C" {

const char* ams_blas_config(void) { return openblas_get_config(); }

// ------------------------------------------------------------------------ datasets

ams_data* ams_data_create(const float* x, int64_t n, int32_t d, const int32_t* labels,
                          int32_t classes, const float* targets, int32_t target_dim) {
  return guard("ams_data_create", [&]() -> ams_data* {
    need(x != nullptr, "x is NULL");
    if (n < 1) fail(ERR_ARG, "n must be >= 1 (got %lld)", (long long)n);
    if (d < 1) fail(ERR_ARG, "d must be >= 1 (got %d)", d);
    if (n > (int64_t(1) << 40) / d) fail(ERR_ARG, "n x d = %lld x %d is too large", (long long)n, d);
    if (classes == 1 || classes < 0) fail(ERR_ARG, "classes must be 0 (regression) or >= 2 (got %d)", classes);
    if (classes >= 2) {
      need(labels != nullptr, "classification (classes >= 2) needs labels, got NULL");
      need(targets == nullptr, "classification (classes >= 2) takes no targets: pass NULL");
    } else {
      need(targets != nullptr, "regression (classes == 0) needs targets, got NULL");
      need(labels == nullptr, "regression (classes == 0) takes no labels: pass NULL");
      if (target_dim < 1) fail(ERR_ARG, "regression needs target_dim >= 1 (got %d)", target_dim);
      if (n > (int64_t(1) << 40) / target_dim) fail(ERR_ARG, "n x target_dim is too large");
    }
    const size_t cnt = size_t(n) * size_t(d);
    for (size_t i = 0; i < cnt; ++i)
      if (!finite(x[i]))
        fail(ERR_ARG, "feature at row %lld, column %lld is not finite (%g)", (long long)(i / size_t(d)), (long long)(i % size_t(d)), double(x[i]));
    if (classes >= 2) {
      for (int64_t i = 0; i < n; ++i)
        if (labels[i] < 0 || labels[i] >= classes)
          fail(ERR_ARG, "label at row %lld is %d, outside [0, %d)", (long long)i, labels[i], classes);
    } else {
      const size_t tc = size_t(n) * size_t(target_dim);
      for (size_t i = 0; i < tc; ++i)
        if (!finite(targets[i]))
          fail(ERR_ARG, "target at row %lld, column %lld is not finite (%g)", (long long)(i / size_t(target_dim)), (long long)(i % size_t(target_dim)), double(targets[i]));
    }
    ams_data* data = new ams_data();
    try {
      data->n = n;
      data->d = d;
      data->classes = classes;
      data->x.reserve_discard(cnt);
      std::memcpy(data->x.data(), x, cnt * sizeof(float));
      if (classes >= 2) {
        data->labels.reserve_discard(size_t(n));
        std::memcpy(data->labels.data(), labels, size_t(n) * sizeof(int32_t));
      } else {
        data->target_dim = target_dim;
        const size_t tc = size_t(n) * size_t(target_dim);
        data->targets.reserve_discard(tc);
        std::memcpy(data->targets.data(), targets, tc * sizeof(float));
      }
    } catch (...) {
      delete data;
      throw;
    }
    return data;
  });
}

void ams_data_free(ams_data* data) { delete data; }

int64_t ams_data_rows(const ams_data* data) {
  return guard("ams_data_rows", [&]() -> int64_t {
    if (!data) fail(ERR_ARG, "data is NULL");
    return data->n;
  });
}

int32_t ams_data_cols(const ams_data* data) {
  return guard("ams_data_cols", [&]() -> int32_t {
    if (!data) fail(ERR_ARG, "data is NULL");
    return data->d;
  });
}

// ------------------------------------------------------------------------ networks

ams_mlp* ams_mlp_create(int32_t n_sizes, const int32_t* sizes, const int32_t* activation,
                        const float* dropout, const int32_t* batchnorm, float leaky_slope,
                        int32_t loss, int32_t init, uint64_t seed) {
  return guard("ams_mlp_create", [&]() -> ams_mlp* {
    if (n_sizes < 2) fail(ERR_ARG, "n_sizes must be >= 2 (input and output width), got %d", n_sizes);
    if (n_sizes > 4096) fail(ERR_ARG, "n_sizes %d is too large", n_sizes);
    need(sizes != nullptr, "sizes is NULL");
    const int32_t nl = n_sizes - 1;
    for (int32_t i = 0; i < n_sizes; ++i)
      if (sizes[i] < 1 || sizes[i] > kMaxWidth) fail(ERR_ARG, "sizes[%d] = %d, must be in [1, %d]", i, sizes[i], kMaxWidth);
    if (nl > 1) need(activation != nullptr, "activation is NULL (needed for the hidden layers)");
    for (int32_t i = 0; i + 1 < nl; ++i) {
      if (activation[i] < AMS_ACT_IDENTITY || activation[i] > AMS_ACT_GELU) fail(ERR_ARG, "activation[%d] = %d is not an AMS_ACT_* value", i, activation[i]);
      if (dropout && !(dropout[i] >= 0.f && dropout[i] < 1.f)) fail(ERR_ARG, "dropout[%d] = %g, must be in [0, 1)", i, double(dropout[i]));
      if (batchnorm && batchnorm[i] != 0 && batchnorm[i] != 1) fail(ERR_ARG, "batchnorm[%d] = %d, must be 0 or 1", i, batchnorm[i]);
    }
    if (!finite(leaky_slope)) fail(ERR_ARG, "leaky_slope is not finite");
    if (loss != AMS_LOSS_SOFTMAX_CE && loss != AMS_LOSS_MSE) fail(ERR_ARG, "loss = %d is not an AMS_LOSS_* value", loss);
    if (loss == AMS_LOSS_SOFTMAX_CE && sizes[nl] < 2) fail(ERR_ARG, "softmax cross-entropy needs >= 2 outputs (got %d)", sizes[nl]);
    if (init != AMS_INIT_HE && init != AMS_INIT_XAVIER) fail(ERR_ARG, "init = %d is not an AMS_INIT_* value", init);

    ams_mlp* m = new ams_mlp();
    try {
      m->n_layers = nl;
      m->sizes.assign(sizes, sizes + n_sizes);
      m->leaky_slope = leaky_slope;
      m->loss = loss;
      m->init = init;
      m->seed = seed;
      m->layers = std::vector<Layer>(size_t(nl));
      int64_t off = 0;
      for (int32_t l = 0; l < nl; ++l) {
        Layer& L = m->layers[l];
        L.in = sizes[l];
        L.out = sizes[l + 1];
        const bool hidden = l + 1 < nl;
        L.act = hidden ? activation[l] : AMS_ACT_IDENTITY;
        L.drop = hidden && dropout ? dropout[l] : 0.f;
        L.bn = hidden && batchnorm && batchnorm[l] == 1;
        L.w_off = off;
        off += int64_t(L.in) * L.out;
        m->n_weights += int64_t(L.in) * L.out;
        L.b_off = off;
        off += L.out;
        if (L.bn) {
          L.g_off = off;
          off += L.out;
          L.be_off = off;
          off += L.out;
          L.run_mean.assign_zero(size_t(L.out));
          L.run_var.reserve_discard(size_t(L.out));
          std::fill(L.run_var.data(), L.run_var.data() + L.out, 1.f);
          L.bn_mean.reserve_discard(size_t(L.out));
          L.bn_invstd.reserve_discard(size_t(L.out));
          L.acc0.reserve_discard(size_t(L.out));
          L.acc1.reserve_discard(size_t(L.out));
        }
        if (off > kMaxParams) fail(ERR_ARG, "network too large (more than %lld parameters)", (long long)kMaxParams);
      }
      m->n_params = off;
      m->params.assign_zero(size_t(off));
      m->grads.assign_zero(size_t(off));

      // Seeding: splitmix64 from the seed gives one xoshiro stream for initialisation and
      // one for training (shuffling, dropout); the training stream is checkpointed.
      uint64_t sm = seed;
      Rng init_rng;
      init_rng.seed_from(sm);
      m->rng.seed_from(sm);
      const double two_pi = 6.28318530717958647692;
      for (Layer& L : m->layers) {
        float* W = m->params.data() + L.w_off;
        const size_t cnt = size_t(L.in) * L.out;
        if (init == AMS_INIT_HE) {  // normal, std sqrt(2 / fan_in); Box-Muller pairs
          const double sd = std::sqrt(2.0 / L.in);
          for (size_t i = 0; i < cnt; i += 2) {
            const double u1 = 1.0 - init_rng.uniform();  // (0, 1]
            const double u2 = init_rng.uniform();
            const double r = std::sqrt(-2.0 * std::log(u1));
            W[i] = float(sd * r * std::cos(two_pi * u2));
            if (i + 1 < cnt) W[i + 1] = float(sd * r * std::sin(two_pi * u2));
          }
        } else {  // uniform in +-sqrt(6 / (fan_in + fan_out))
          const double a = std::sqrt(6.0 / (double(L.in) + L.out));
          for (size_t i = 0; i < cnt; ++i) W[i] = float((2.0 * init_rng.uniform() - 1.0) * a);
        }
        if (L.bn) std::fill(m->params.data() + L.g_off, m->params.data() + L.g_off + L.out, 1.f);
      }
    } catch (...) {
      delete m;
      throw;
    }
    return m;
  });
}

void ams_mlp_free(ams_mlp* mlp) { delete mlp; }

int ams_mlp_set_optimizer(ams_mlp* mlp, int32_t kind, float lr, float momentum, float beta1,
                          float beta2, float eps, float weight_decay, float clip_norm) {
  return guard("ams_mlp_set_optimizer", [&]() -> int {
    check_mlp(mlp);
    const OptConfig o = checked_optimizer(kind, lr, momentum, beta1, beta2, eps, weight_decay, clip_norm);
    // allocate before committing, so a failure leaves the previous optimizer in place
    const int k = moment_count(kind);
    Buf<float> m1, m2;
    if (k >= 1) m1.assign_zero(size_t(mlp->n_params));
    if (k >= 2) m2.assign_zero(size_t(mlp->n_params));
    mlp->opt = o;
    mlp->mom1.swap(m1);
    mlp->mom2.swap(m2);
    mlp->opt_t = 0;
    mlp->opt_set = true;
    return 0;
  });
}

int ams_mlp_retune(ams_mlp* mlp, int32_t kind, float lr, float momentum, float beta1, float beta2,
                   float eps, float weight_decay, float clip_norm) {
  return guard("ams_mlp_retune", [&]() -> int {
    check_mlp(mlp);
    if (!mlp->opt_set) fail(ERR_STATE, "no optimizer to retune: call ams_mlp_set_optimizer first");
    const OptConfig o = checked_optimizer(kind, lr, momentum, beta1, beta2, eps, weight_decay, clip_norm);
    if (o.kind != mlp->opt.kind)
      fail(ERR_MISMATCH, "retune keeps the optimizer kind: the network trains with kind %d, not %d", mlp->opt.kind, o.kind);
    mlp->opt = o;
    return 0;
  });
}

int ams_mlp_set_schedule(ams_mlp* mlp, int32_t kind, int64_t step_size, float gamma,
                         int64_t warmup_steps, int64_t total_steps, float min_lr) {
  return guard("ams_mlp_set_schedule", [&]() -> int {
    check_mlp(mlp);
    if (kind < AMS_SCHED_CONSTANT || kind > AMS_SCHED_COSINE) fail(ERR_ARG, "kind = %d is not an AMS_SCHED_* value", kind);
    if (warmup_steps < 0) fail(ERR_ARG, "warmup_steps must be >= 0 (got %lld)", (long long)warmup_steps);
    SchedConfig s;
    s.kind = kind;
    s.warmup = warmup_steps;
    if (kind == AMS_SCHED_STEP) {
      if (step_size < 1) fail(ERR_ARG, "step_size must be >= 1 (got %lld)", (long long)step_size);
      if (!(finite(gamma) && gamma > 0.f)) fail(ERR_ARG, "gamma must be finite and > 0 (got %g)", double(gamma));
      s.step_size = step_size;
      s.gamma = gamma;
    } else if (kind == AMS_SCHED_COSINE) {
      if (total_steps <= warmup_steps) fail(ERR_ARG, "cosine needs total_steps > warmup_steps (got %lld <= %lld)", (long long)total_steps, (long long)warmup_steps);
      if (!(finite(min_lr) && min_lr >= 0.f)) fail(ERR_ARG, "min_lr must be finite and >= 0 (got %g)", double(min_lr));
      s.total = total_steps;
      s.min_lr = min_lr;
    }
    mlp->sched = s;
    return 0;
  });
}

int ams_mlp_train_epoch(ams_mlp* mlp, const ams_data* data, int32_t batch_size, int32_t threads,
                        double* mean_loss) {
  return guard("ams_mlp_train_epoch", [&]() -> int {
    check_mlp(mlp);
    check_data(mlp, data);
    if (batch_size < 1) fail(ERR_ARG, "batch_size must be >= 1 (got %d)", batch_size);
    check_threads(threads);
    if (!mlp->opt_set) fail(ERR_STATE, "no optimizer: call ams_mlp_set_optimizer first");
    ActiveTraining active;
    BlasThreads bt(threads);
    train_epoch(mlp, data, batch_size, mean_loss);
    return 0;
  });
}

void ams_mlp_cancel(ams_mlp* mlp) {
  if (mlp) mlp->cancel.store(1, std::memory_order_relaxed);
}

int64_t ams_mlp_active_trainings(void) { return g_active_trainings.load(); }

static_assert(static_cast<int>(ERR_CANCELLED) == static_cast<int>(AMS_CANCELLED),
              "the public and internal cancel codes differ");

int ams_mlp_evaluate(const ams_mlp* mlp, const ams_data* data, int32_t threads, double* loss,
                     double* metric) {
  return guard("ams_mlp_evaluate", [&]() -> int {
    check_mlp(mlp);
    check_data(mlp, data);
    check_threads(threads);
    BlasThreads bt(threads);
    evaluate(mlp, data, loss, metric, nullptr);
    return 0;
  });
}

int ams_mlp_predict(const ams_mlp* mlp, const ams_data* data, int32_t threads, float* out) {
  return guard("ams_mlp_predict", [&]() -> int {
    check_mlp(mlp);
    if (!data) fail(ERR_ARG, "data is NULL");
    if (data->d != mlp->sizes[0]) fail(ERR_MISMATCH, "data has %d columns, the network's input width is %d", data->d, mlp->sizes[0]);
    need(out != nullptr, "out is NULL");
    check_threads(threads);
    BlasThreads bt(threads);
    evaluate(mlp, data, nullptr, nullptr, out);
    return 0;
  });
}

int ams_mlp_loss_grad(ams_mlp* mlp, const ams_data* data, int64_t rows, double* loss,
                      float* grad) {
  return guard("ams_mlp_loss_grad", [&]() -> int {
    check_mlp(mlp);
    check_data(mlp, data);
    if (rows < 1 || rows > data->n) fail(ERR_ARG, "rows must be in [1, %lld] (got %lld)", (long long)data->n, (long long)rows);
    if (rows > (int64_t(1) << 30)) fail(ERR_ARG, "rows %lld is too large for one batch", (long long)rows);
    BlasThreads bt(1);  // no thread argument in the contract: one BLAS thread
    ensure_workspace(mlp, rows);
    const bool cls = mlp->loss == AMS_LOSS_SOFTMAX_CE;
    const double total = forward_backward(mlp, rows, data->x.data(), cls ? data->labels.data() : nullptr,
                                          cls ? nullptr : data->targets.data(), false, false);
    if (loss) *loss = total / double(rows);
    if (grad) std::memcpy(grad, mlp->grads.data(), size_t(mlp->n_params) * sizeof(float));
    return 0;
  });
}

int64_t ams_mlp_param_count(const ams_mlp* mlp) {
  return guard("ams_mlp_param_count", [&]() -> int64_t {
    check_mlp(mlp);
    return mlp->n_params;
  });
}

int64_t ams_mlp_nonzero_weights(const ams_mlp* mlp) {
  return guard("ams_mlp_nonzero_weights", [&]() -> int64_t {
    check_mlp(mlp);
    int64_t nz = 0;
    for (const Layer& L : mlp->layers) {
      const float* W = mlp->params.data() + L.w_off;
      const int64_t cnt = int64_t(L.in) * L.out;
      for (int64_t i = 0; i < cnt; ++i) nz += W[i] != 0.f;
    }
    return nz;
  });
}

int64_t ams_mlp_weight_count(const ams_mlp* mlp) {
  return guard("ams_mlp_weight_count", [&]() -> int64_t {
    check_mlp(mlp);
    return mlp->n_weights;
  });
}

int64_t ams_mlp_flops_per_sample(const ams_mlp* mlp) {
  return guard("ams_mlp_flops_per_sample", [&]() -> int64_t {
    check_mlp(mlp);
    return 2 * mlp->n_weights;
  });
}

int ams_mlp_get_params(const ams_mlp* mlp, float* out) {
  return guard("ams_mlp_get_params", [&]() -> int {
    check_mlp(mlp);
    need(out != nullptr, "out is NULL");
    std::memcpy(out, mlp->params.data(), size_t(mlp->n_params) * sizeof(float));
    return 0;
  });
}

int ams_mlp_set_params(ams_mlp* mlp, const float* in) {
  return guard("ams_mlp_set_params", [&]() -> int {
    check_mlp(mlp);
    need(in != nullptr, "in is NULL");
    for (int64_t i = 0; i < mlp->n_params; ++i)
      if (!finite(in[i])) fail(ERR_ARG, "parameter %lld is not finite", (long long)i);
    std::memcpy(mlp->params.data(), in, size_t(mlp->n_params) * sizeof(float));
    return 0;
  });
}

int64_t ams_mlp_step(const ams_mlp* mlp) {
  return guard("ams_mlp_step", [&]() -> int64_t {
    check_mlp(mlp);
    return mlp->step;
  });
}

int64_t ams_mlp_state_size(const ams_mlp* mlp) {
  return guard("ams_mlp_state_size", [&]() -> int64_t {
    check_mlp(mlp);
    return state_size(mlp);
  });
}

int ams_mlp_save(const ams_mlp* mlp, void* buf, int64_t len) {
  return guard("ams_mlp_save", [&]() -> int {
    check_mlp(mlp);
    need(buf != nullptr, "buf is NULL");
    save_state(mlp, buf, len);
    return 0;
  });
}

int ams_mlp_restore(ams_mlp* mlp, const void* buf, int64_t len) {
  return guard("ams_mlp_restore", [&]() -> int {
    check_mlp(mlp);
    need(buf != nullptr, "buf is NULL");
    restore_state(mlp, buf, len);
    return 0;
  });
}

int ams_mlp_prune(ams_mlp* mlp, int32_t mode, float sparsity) {
  return guard("ams_mlp_prune", [&]() -> int {
    check_mlp(mlp);
    if (mode != AMS_PRUNE_WEIGHTS && mode != AMS_PRUNE_NEURONS) fail(ERR_ARG, "mode = %d is not an AMS_PRUNE_* value", mode);
    if (!(sparsity >= 0.f && sparsity < 1.f)) fail(ERR_ARG, "sparsity must be in [0, 1) (got %g)", double(sparsity));
    prune(mlp, mode, sparsity);
    return 0;
  });
}

}  // extern "C"
