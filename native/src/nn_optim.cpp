// Optimizers and learning-rate schedules (PyTorch conventions, float32 state).
//
// g is the (clipped, masked) gradient; wd is the weight decay for W tensors and 0 for
// biases and batch-norm parameters; t counts steps since set_optimizer (from 1).
//   SGD       g += wd*w;  w -= lr*g
//   MOMENTUM  g += wd*w;  v = mu*v + g;  w -= lr*v                    (torch.optim.SGD)
//   NESTEROV  g += wd*w;  v = mu*v + g;  w -= lr*(g + mu*v)           (nesterov=True)
//   ADAM      g += wd*w;  m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g^2;
//             w -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)
//   ADAMW     w *= 1 - lr*wd;  then ADAM without the L2 term
//   RMSPROP   g += wd*w;  s = rho*s + (1-rho)*g^2;  d = sqrt(s) + eps;
//             mu > 0: u = mu*u + g/d; w -= lr*u      mu == 0: w -= lr*g/d
//   ADAGRAD   g += wd*w;  s += g^2;  w -= lr*g/(sqrt(s) + eps)
// Gradient clipping (clip_norm > 0) follows torch.nn.utils.clip_grad_norm_: the global L2
// norm over all parameter gradients (double accumulation); if clip/(norm+1e-6) < 1, every
// gradient is multiplied by that factor. The factor is folded into the update pass.
// With pruning masks, the gradient is masked first (so pruned moments stay 0) and the
// new weight is masked again, keeping pruned entries exactly +0.
#include <cmath>

#include "nn_internal.h"

// The update kernels are compiled for SSE4.2 (the baseline), AVX2 and AVX-512 and picked
// at load time (GCC target_clones / ifunc). Contraction into FMA is off so that every clone
// rounds exactly like the baseline: the results do not depend on the CPU's vector width.
#pragma GCC optimize("fp-contract=off")
#ifdef __SANITIZE_THREAD__
// ThreadSanitizer build (AMS_TSAN): the ifunc resolvers of target_clones run during
// relocation, before TSan's runtime is up, and crash it. One baseline version instead.
#define AMS_CLONES
#else
#define AMS_CLONES __attribute__((target_clones("default", "avx2", "avx512f")))
#endif
#define AMS_INLINE inline __attribute__((always_inline))

namespace ams {
namespace {

AMS_INLINE float and_mask(float v, uint32_t m) {
  uint32_t u;
  std::memcpy(&u, &v, 4);
  u &= m;
  std::memcpy(&v, &u, 4);
  return v;
}

// Kernels take everything by value / __restrict pointer and copy the hyperparameters into
// locals, so that GCC vectorizes them (no possible aliasing of the stores with the scalars).
struct Hyper {
  float lr, gs, mu, b1, b2, eps;
  float step_size, bc2_sqrt;  // Adam
};

#define AMS_SPAN_ARGS                                                                    \
  size_t n, float* __restrict w, const float* __restrict gp, float* __restrict m1,      \
      float* __restrict m2, const uint32_t* __restrict mask, const float wd, const Hyper h

template <bool M>
AMS_INLINE float grad_at(const float* __restrict gp, const uint32_t* __restrict mask, size_t i,
                     float gs) {
  float g = gp[i];
  if (M) g = and_mask(g, mask[i]);
  return g * gs;
}
template <bool M>
AMS_INLINE float masked_w(const uint32_t* __restrict mask, size_t i, float w) {
  return M ? and_mask(w, mask[i]) : w;
}

template <bool M>
AMS_INLINE void upd_sgd(AMS_SPAN_ARGS) {
  (void)m1, (void)m2;
  const float lr = h.lr, gs = h.gs;
  for (size_t i = 0; i < n; ++i) {
    const float g = grad_at<M>(gp, mask, i, gs) + wd * w[i];
    w[i] = masked_w<M>(mask, i, w[i] - lr * g);
  }
}

template <bool M, bool Nesterov>
AMS_INLINE void upd_momentum(AMS_SPAN_ARGS) {
  (void)m2;
  const float lr = h.lr, gs = h.gs, mu = h.mu;
  for (size_t i = 0; i < n; ++i) {
    const float g = grad_at<M>(gp, mask, i, gs) + wd * w[i];
    const float vi = mu * m1[i] + g;
    m1[i] = vi;
    const float d = Nesterov ? g + mu * vi : vi;
    w[i] = masked_w<M>(mask, i, w[i] - lr * d);
  }
}

template <bool M, bool Decoupled>
AMS_INLINE void upd_adam(AMS_SPAN_ARGS) {
  const float gs = h.gs, b1 = h.b1, b2 = h.b2, eps = h.eps, step = h.step_size, bc2s = h.bc2_sqrt;
  const float c1 = 1.f - b1, c2 = 1.f - b2;
  const float decay = Decoupled ? 1.f - h.lr * wd : 1.f;
  const float l2 = Decoupled ? 0.f : wd;
  for (size_t i = 0; i < n; ++i) {
    float wi = w[i];
    float g = grad_at<M>(gp, mask, i, gs);
    if (Decoupled)
      wi *= decay;
    else
      g += l2 * wi;
    const float mi = b1 * m1[i] + c1 * g;
    const float vi = b2 * m2[i] + c2 * g * g;
    m1[i] = mi;
    m2[i] = vi;
    const float denom = std::sqrt(vi) / bc2s + eps;
    w[i] = masked_w<M>(mask, i, wi - step * (mi / denom));
  }
}

template <bool M, bool Mom>
AMS_INLINE void upd_rmsprop(AMS_SPAN_ARGS) {
  const float lr = h.lr, gs = h.gs, mu = h.mu, rho = h.b2, c = 1.f - h.b2, eps = h.eps;
  for (size_t i = 0; i < n; ++i) {
    const float g = grad_at<M>(gp, mask, i, gs) + wd * w[i];
    const float si = rho * m1[i] + c * g * g;
    m1[i] = si;
    const float q = g / (std::sqrt(si) + eps);
    float d = q;
    if (Mom) {
      d = mu * m2[i] + q;
      m2[i] = d;
    }
    w[i] = masked_w<M>(mask, i, w[i] - lr * d);
  }
}

template <bool M>
AMS_INLINE void upd_adagrad(AMS_SPAN_ARGS) {
  (void)m2;
  const float lr = h.lr, gs = h.gs, eps = h.eps;
  for (size_t i = 0; i < n; ++i) {
    const float g = grad_at<M>(gp, mask, i, gs) + wd * w[i];
    const float si = m1[i] + g * g;
    m1[i] = si;
    w[i] = masked_w<M>(mask, i, w[i] - lr * (g / (std::sqrt(si) + eps)));
  }
}

struct Span {
  float* w;
  const float* g;
  float* m1;
  float* m2;
  const uint32_t* mask;
  size_t n;
  float wd;
};

template <bool M>
AMS_CLONES void update_span(int32_t kind, const Span& s, const Hyper& h) {
#define AMS_ARGS s.n, s.w, s.g, s.m1, s.m2, s.mask, s.wd, h
  switch (kind) {
    case AMS_OPT_SGD: upd_sgd<M>(AMS_ARGS); break;
    case AMS_OPT_MOMENTUM: upd_momentum<M, false>(AMS_ARGS); break;
    case AMS_OPT_NESTEROV: upd_momentum<M, true>(AMS_ARGS); break;
    case AMS_OPT_ADAM: upd_adam<M, false>(AMS_ARGS); break;
    case AMS_OPT_ADAMW: upd_adam<M, true>(AMS_ARGS); break;
    case AMS_OPT_RMSPROP:
      if (h.mu > 0.f)
        upd_rmsprop<M, true>(AMS_ARGS);
      else
        upd_rmsprop<M, false>(AMS_ARGS);
      break;
    case AMS_OPT_ADAGRAD: upd_adagrad<M>(AMS_ARGS); break;
    default: break;
  }
#undef AMS_ARGS
}

AMS_CLONES double grad_sq_norm(const ams_mlp* m) {
  const float* g = m->grads.data();
  const size_t n = size_t(m->n_params);
  double s = 0.0;
  if (m->has_mask) {
    const uint32_t* mk = m->pmask.data();
    for (size_t i = 0; i < n; ++i) {
      const double v = and_mask(g[i], mk[i]);
      s += v * v;
    }
  } else {
    for (size_t i = 0; i < n; ++i) {
      const double v = g[i];
      s += v * v;
    }
  }
  return s;
}

}  // namespace

int moment_count(int32_t kind) {
  switch (kind) {
    case AMS_OPT_MOMENTUM:
    case AMS_OPT_NESTEROV:
    case AMS_OPT_ADAGRAD: return 1;
    case AMS_OPT_ADAM:
    case AMS_OPT_ADAMW:
    case AMS_OPT_RMSPROP: return 2;  // RMSProp: square average + momentum buffer
    default: return 0;
  }
}

void reset_optimizer_state(ams_mlp* m) {
  const int k = moment_count(m->opt.kind);
  const size_t n = size_t(m->n_params);
  if (k >= 1) m->mom1.assign_zero(n); else m->mom1.release();
  if (k >= 2) m->mom2.assign_zero(n); else m->mom2.release();
  m->opt_t = 0;
}

double scheduled_lr(const ams_mlp* m, int64_t step) {
  const double lr = m->opt.lr;
  const SchedConfig& s = m->sched;
  if (s.warmup > 0 && step < s.warmup) return lr * double(step + 1) / double(s.warmup);
  const int64_t t = step - s.warmup;
  switch (s.kind) {
    case AMS_SCHED_STEP: return lr * std::pow(double(s.gamma), double(t / s.step_size));
    case AMS_SCHED_COSINE: {
      const int64_t T = s.total - s.warmup;  // > 0, checked by ams_mlp_set_schedule
      const double tt = double(t < T ? t : T);
      const double pi = 3.14159265358979323846;
      return double(s.min_lr) + (lr - double(s.min_lr)) * (1.0 + std::cos(pi * tt / double(T))) / 2.0;
    }
    default: return lr;
  }
}

void optimizer_step(ams_mlp* m) {
  const OptConfig& o = m->opt;
  Hyper h{};
  h.lr = float(scheduled_lr(m, m->step));
  h.gs = 1.f;
  if (o.clip_norm > 0.f) {
    const double norm = std::sqrt(grad_sq_norm(m));
    const double coef = double(o.clip_norm) / (norm + 1e-6);
    if (coef < 1.0) h.gs = float(coef);
  }
  h.mu = o.momentum;
  h.b1 = o.beta1;
  h.b2 = o.beta2;
  h.eps = o.eps;
  m->opt_t++;
  if (o.kind == AMS_OPT_ADAM || o.kind == AMS_OPT_ADAMW) {
    const double bc1 = 1.0 - std::pow(double(o.beta1), double(m->opt_t));
    const double bc2 = 1.0 - std::pow(double(o.beta2), double(m->opt_t));
    h.step_size = float(double(h.lr) / bc1);
    h.bc2_sqrt = float(std::sqrt(bc2));
  }
  float* P = m->params.data();
  const float* G = m->grads.data();
  float* M1 = m->mom1.data();
  float* M2 = m->mom2.data();
  const uint32_t* MK = m->has_mask ? m->pmask.data() : nullptr;
  auto span = [&](int64_t off, int64_t len, float wd) {
    Span s{P + off, G + off, M1 ? M1 + off : nullptr, M2 ? M2 + off : nullptr,
           MK ? MK + off : nullptr, size_t(len), wd};
    if (MK)
      update_span<true>(o.kind, s, h);
    else
      update_span<false>(o.kind, s, h);
  };
  for (int32_t l = 0; l < m->n_layers; ++l) {
    const Layer& L = m->layers[l];
    // W (decayed), then b [, gamma, beta] which are contiguous and never decayed
    span(L.w_off, int64_t(L.in) * L.out, o.weight_decay);
    const int64_t end = (l + 1 < m->n_layers) ? m->layers[l + 1].w_off : m->n_params;
    span(L.b_off, end - L.b_off, 0.f);
  }
  m->step++;
}

}  // namespace ams
