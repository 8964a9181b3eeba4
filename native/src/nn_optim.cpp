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

namespace ams {
namespace {

inline float and_mask(float v, uint32_t m) {
  uint32_t u;
  std::memcpy(&u, &v, 4);
  u &= m;
  std::memcpy(&v, &u, 4);
  return v;
}

struct Span {
  float* __restrict w;
  const float* __restrict g;
  float* __restrict m1;
  float* __restrict m2;
  const uint32_t* __restrict mask;
  size_t n;
  float wd;
};

template <bool M>
inline float grad_at(const Span& s, size_t i, float gs) {
  float g = s.g[i];
  if (M) g = and_mask(g, s.mask[i]);
  return g * gs;
}
template <bool M>
inline float masked_w(const Span& s, size_t i, float w) {
  return M ? and_mask(w, s.mask[i]) : w;
}

struct Hyper {
  float lr, gs, mu, b1, b2, eps;
  float step_size, bc2_sqrt;  // Adam
};

template <bool M>
void upd_sgd(const Span& s, const Hyper& h) {
  float* __restrict w = s.w;
  for (size_t i = 0; i < s.n; ++i) {
    const float g = grad_at<M>(s, i, h.gs) + s.wd * w[i];
    w[i] = masked_w<M>(s, i, w[i] - h.lr * g);
  }
}

template <bool M, bool Nesterov>
void upd_momentum(const Span& s, const Hyper& h) {
  float* __restrict w = s.w;
  float* __restrict v = s.m1;
  for (size_t i = 0; i < s.n; ++i) {
    const float g = grad_at<M>(s, i, h.gs) + s.wd * w[i];
    const float vi = h.mu * v[i] + g;
    v[i] = vi;
    const float d = Nesterov ? g + h.mu * vi : vi;
    w[i] = masked_w<M>(s, i, w[i] - h.lr * d);
  }
}

template <bool M, bool Decoupled>
void upd_adam(const Span& s, const Hyper& h) {
  float* __restrict w = s.w;
  float* __restrict m = s.m1;
  float* __restrict v = s.m2;
  const float c1 = 1.f - h.b1, c2 = 1.f - h.b2;
  const float decay = Decoupled ? 1.f - h.lr * s.wd : 1.f;
  for (size_t i = 0; i < s.n; ++i) {
    float wi = w[i];
    float g = grad_at<M>(s, i, h.gs);
    if (Decoupled)
      wi *= decay;
    else
      g += s.wd * wi;
    const float mi = h.b1 * m[i] + c1 * g;
    const float vi = h.b2 * v[i] + c2 * g * g;
    m[i] = mi;
    v[i] = vi;
    const float denom = std::sqrt(vi) / h.bc2_sqrt + h.eps;
    w[i] = masked_w<M>(s, i, wi - h.step_size * (mi / denom));
  }
}

template <bool M, bool Mom>
void upd_rmsprop(const Span& s, const Hyper& h) {
  float* __restrict w = s.w;
  float* __restrict sq = s.m1;
  float* __restrict buf = s.m2;
  const float rho = h.b2, c = 1.f - h.b2;
  for (size_t i = 0; i < s.n; ++i) {
    const float g = grad_at<M>(s, i, h.gs) + s.wd * w[i];
    const float si = rho * sq[i] + c * g * g;
    sq[i] = si;
    const float q = g / (std::sqrt(si) + h.eps);
    float d = q;
    if (Mom) {
      d = h.mu * buf[i] + q;
      buf[i] = d;
    }
    w[i] = masked_w<M>(s, i, w[i] - h.lr * d);
  }
}

template <bool M>
void upd_adagrad(const Span& s, const Hyper& h) {
  float* __restrict w = s.w;
  float* __restrict sum = s.m1;
  for (size_t i = 0; i < s.n; ++i) {
    const float g = grad_at<M>(s, i, h.gs) + s.wd * w[i];
    const float si = sum[i] + g * g;
    sum[i] = si;
    w[i] = masked_w<M>(s, i, w[i] - h.lr * (g / (std::sqrt(si) + h.eps)));
  }
}

template <bool M>
void update_span(int32_t kind, const Span& s, const Hyper& h) {
  switch (kind) {
    case AMS_OPT_SGD: upd_sgd<M>(s, h); break;
    case AMS_OPT_MOMENTUM: upd_momentum<M, false>(s, h); break;
    case AMS_OPT_NESTEROV: upd_momentum<M, true>(s, h); break;
    case AMS_OPT_ADAM: upd_adam<M, false>(s, h); break;
    case AMS_OPT_ADAMW: upd_adam<M, true>(s, h); break;
    case AMS_OPT_RMSPROP:
      if (h.mu > 0.f)
        upd_rmsprop<M, true>(s, h);
      else
        upd_rmsprop<M, false>(s, h);
      break;
    case AMS_OPT_ADAGRAD: upd_adagrad<M>(s, h); break;
    default: break;
  }
}

double grad_sq_norm(const ams_mlp* m) {
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
