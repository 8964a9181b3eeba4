// Forward, loss, backward and the training epoch of Ams's MLP.
//
// Per hidden layer (rows m, width n):
//   z = X.W                      (sgemm)
//   v = z + b                    -+
//   [BN] v = gamma*xhat + beta     |  one fused pass (two more passes for BN statistics)
//   a = f(v)                      -+
//   o = a * mask                 (dropout, training only; mask from the mlp's RNG)
// Backward, from g = dL/do:
//   dv = g * mask * f'(v)  and  db += colsum(dv)  in one pass (BN: two more passes)
//   dW = X^T . dv                (sgemm, CblasTrans)
//   dX = dv . W^T                (sgemm, skipped for the first layer)
// The output layer is linear; its bias, the loss, dL/dz and db come out of one pass.
//
// Activations: GELU is the exact erf form, x * Phi(x) (PyTorch's nn.GELU() default).
// Losses: softmax cross-entropy = mean over samples of logsumexp(z) - z[label] (stable:
// the row max is subtracted before exp); MSE = mean over ALL elements (samples x outputs)
// of (z - t)^2, as PyTorch's MSELoss(reduction='mean'); its gradient is 2 (z - t) / (m k).
// Per-sample loss for MSE is therefore the mean over the sample's outputs, and epoch /
// evaluation losses are means of per-sample losses.
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "nn_internal.h"

namespace ams {
namespace {

constexpr float kBnEps = 1e-5f;
constexpr double kBnMomentum = 0.1;

inline void gemm_nn(int m, int n, int k, const float* A, const float* B, float* C) {
  // C[m x n] = A[m x k] . B[k x n]
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.f, A, k, B, n, 0.f, C, n);
}
inline void gemm_tn(int m, int n, int k, const float* A, const float* B, float* C) {
  // C[m x n] = A^T . B, A is [k x m], B is [k x n]
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, m, n, k, 1.f, A, m, B, n, 0.f, C, n);
}
inline void gemm_nt(int m, int n, int k, const float* A, const float* B, float* C) {
  // C[m x n] = A . B^T, A is [m x k], B is [n x k]
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1.f, A, k, B, k, 0.f, C, n);
}

inline float sigmoid(float v) { return 1.f / (1.f + std::exp(-v)); }
inline float gelu(float v) { return 0.5f * v * (1.f + std::erf(v * 0.70710678118654752f)); }
inline float gelu_grad(float v) {
  const float cdf = 0.5f * (1.f + std::erf(v * 0.70710678118654752f));
  const float pdf = 0.39894228040143268f * std::exp(-0.5f * v * v);
  return cdf + v * pdf;
}
// Whether the derivative needs the pre-activation v (otherwise it is taken from a = f(v)).
inline bool needs_v(int32_t act) { return act == AMS_ACT_LEAKY_RELU || act == AMS_ACT_GELU; }

// a = f(v), v = z + b when Bias (z is overwritten with v when StoreV), else v = z.
// Row-wise so that b broadcasts; z and a may be the same array.
template <bool Bias, bool StoreV, class F>
inline void act_loop(int64_t rows, int32_t n, float* z, const float* b, float* a, F f) {
  for (int64_t r = 0; r < rows; ++r) {
    float* zr = z + r * n;
    float* ar = a + r * n;
    for (int32_t j = 0; j < n; ++j) {
      float v = zr[j];
      if (Bias) v += b[j];
      if (StoreV) zr[j] = v;
      ar[j] = f(v);
    }
  }
}

template <bool Bias, bool StoreV>
void act_forward_t(int32_t act, float slope, int64_t rows, int32_t n, float* z, const float* b,
                   float* a) {
  switch (act) {
    case AMS_ACT_RELU:
      act_loop<Bias, StoreV>(rows, n, z, b, a, [](float v) { return v > 0.f ? v : 0.f; });
      break;
    case AMS_ACT_LEAKY_RELU:
      act_loop<Bias, StoreV>(rows, n, z, b, a, [slope](float v) { return v > 0.f ? v : v * slope; });
      break;
    case AMS_ACT_TANH:
      act_loop<Bias, StoreV>(rows, n, z, b, a, [](float v) { return std::tanh(v); });
      break;
    case AMS_ACT_SIGMOID:
      act_loop<Bias, StoreV>(rows, n, z, b, a, [](float v) { return sigmoid(v); });
      break;
    case AMS_ACT_GELU:
      act_loop<Bias, StoreV>(rows, n, z, b, a, [](float v) { return gelu(v); });
      break;
    default:
      act_loop<Bias, StoreV>(rows, n, z, b, a, [](float v) { return v; });
      break;
  }
}

// Hidden-layer activation: a = f(z + b) (Bias) or a = f(z); z gets v when the derivative
// needs it.
void act_forward(int32_t act, float slope, bool bias, int64_t rows, int32_t n, float* z,
                 const float* b, float* a) {
  const bool sv = needs_v(act);
  if (bias) {
    if (sv)
      act_forward_t<true, true>(act, slope, rows, n, z, b, a);
    else
      act_forward_t<true, false>(act, slope, rows, n, z, b, a);
  } else {
    act_forward_t<false, false>(act, slope, rows, n, z, b, a);
  }
}

// g <- g * mask * f'(.) in place, and db = colsum(g) when DB.
template <bool Drop, bool DB, class D>
inline void bwd_loop(int64_t rows, int32_t n, float* __restrict g, const float* __restrict mask,
                     float* __restrict db, D deriv) {
  if (DB) std::fill(db, db + n, 0.f);
  for (int64_t r = 0; r < rows; ++r) {
    float* __restrict gr = g + r * n;
    const float* __restrict mr = Drop ? mask + r * n : nullptr;
    const size_t off = size_t(r) * n;
    for (int32_t j = 0; j < n; ++j) {
      float gv = gr[j];
      if (Drop) gv *= mr[j];
      gv = deriv(off + j, gv);
      gr[j] = gv;
      if (DB) db[j] += gv;
    }
  }
}

template <bool Drop, bool DB>
void act_backward_t(int32_t act, float slope, int64_t rows, int32_t n, float* g,
                    const float* mask, const float* v, const float* a, float* db) {
  switch (act) {
    case AMS_ACT_RELU:
      bwd_loop<Drop, DB>(rows, n, g, mask, db,
                         [a](size_t i, float gv) { return a[i] > 0.f ? gv : 0.f; });
      break;
    case AMS_ACT_LEAKY_RELU:
      bwd_loop<Drop, DB>(rows, n, g, mask, db,
                         [v, slope](size_t i, float gv) { return v[i] > 0.f ? gv : gv * slope; });
      break;
    case AMS_ACT_TANH:
      bwd_loop<Drop, DB>(rows, n, g, mask, db,
                         [a](size_t i, float gv) { return gv * (1.f - a[i] * a[i]); });
      break;
    case AMS_ACT_SIGMOID:
      bwd_loop<Drop, DB>(rows, n, g, mask, db,
                         [a](size_t i, float gv) { return gv * (a[i] * (1.f - a[i])); });
      break;
    case AMS_ACT_GELU:
      bwd_loop<Drop, DB>(rows, n, g, mask, db,
                         [v](size_t i, float gv) { return gv * gelu_grad(v[i]); });
      break;
    default:
      bwd_loop<Drop, DB>(rows, n, g, mask, db, [](size_t, float gv) { return gv; });
      break;
  }
}

void act_backward(int32_t act, float slope, bool drop, bool db_fused, int64_t rows, int32_t n,
                  float* g, const float* mask, const float* v, const float* a, float* db) {
  if (drop) {
    if (db_fused)
      act_backward_t<true, true>(act, slope, rows, n, g, mask, v, a, db);
    else
      act_backward_t<true, false>(act, slope, rows, n, g, mask, v, a, db);
  } else {
    if (db_fused)
      act_backward_t<false, true>(act, slope, rows, n, g, mask, v, a, db);
    else
      act_backward_t<false, false>(act, slope, rows, n, g, mask, v, a, db);
  }
}

// Batch-norm forward in batch mode on z = X.W (rows x n, without the bias): adds b, computes
// batch mean / biased variance (double accumulation, two passes), stores x-hat in z and
// y = gamma * x-hat + beta in y. Updates the running statistics when asked (PyTorch
// convention: momentum 0.1, unbiased variance; a 1-row batch leaves running_var alone).
void bn_forward_train(Layer& L, int64_t rows, const float* b, const float* gamma,
                      const float* beta, bool update_running) {
  const int32_t n = L.out;
  float* z = L.z.data();
  double* s0 = L.acc0.data();
  double* s1 = L.acc1.data();
  std::fill(s0, s0 + n, 0.0);
  std::fill(s1, s1 + n, 0.0);
  for (int64_t r = 0; r < rows; ++r) {
    float* zr = z + r * n;
    for (int32_t j = 0; j < n; ++j) {
      const float v = zr[j] + b[j];
      zr[j] = v;
      s0[j] += v;
    }
  }
  float* mean = L.bn_mean.data();
  float* invstd = L.bn_invstd.data();
  for (int32_t j = 0; j < n; ++j) {
    s0[j] /= double(rows);
    mean[j] = float(s0[j]);
  }
  for (int64_t r = 0; r < rows; ++r) {
    const float* zr = z + r * n;
    for (int32_t j = 0; j < n; ++j) {
      const double d = double(zr[j]) - s0[j];
      s1[j] += d * d;
    }
  }
  for (int32_t j = 0; j < n; ++j) {
    const double var = s1[j] / double(rows);
    invstd[j] = float(1.0 / std::sqrt(var + double(kBnEps)));
    if (update_running) {
      L.run_mean[j] = float((1.0 - kBnMomentum) * L.run_mean[j] + kBnMomentum * s0[j]);
      if (rows > 1)
        L.run_var[j] = float((1.0 - kBnMomentum) * L.run_var[j] +
                             kBnMomentum * s1[j] / double(rows - 1));
    }
  }
  float* y = L.y.data();
  for (int64_t r = 0; r < rows; ++r) {
    float* zr = z + r * n;
    float* yr = y + r * n;
    for (int32_t j = 0; j < n; ++j) {
      const float xh = (zr[j] - mean[j]) * invstd[j];
      zr[j] = xh;
      yr[j] = gamma[j] * xh + beta[j];
    }
  }
}

// Batch-norm backward: g holds dL/dy on entry and dL/d(z+b) on exit; writes dgamma, dbeta
// and db (= colsum of the result).
void bn_backward(Layer& L, int64_t rows, const float* gamma, float* dgamma, float* dbeta,
                 float* db) {
  const int32_t n = L.out;
  float* g = L.g.data();
  const float* xh = L.z.data();
  double* s0 = L.acc0.data();
  double* s1 = L.acc1.data();
  std::fill(s0, s0 + n, 0.0);
  std::fill(s1, s1 + n, 0.0);
  for (int64_t r = 0; r < rows; ++r) {
    const float* gr = g + r * n;
    const float* xr = xh + r * n;
    for (int32_t j = 0; j < n; ++j) {
      s0[j] += gr[j];
      s1[j] += double(gr[j]) * xr[j];
    }
  }
  // dz = gamma * invstd / m * (m * dy - sum(dy) - xhat * sum(dy * xhat))
  float* k1 = L.bn_mean.data();  // the batch mean is not needed any more: reuse as scratch
  const float fm = float(rows);
  for (int32_t j = 0; j < n; ++j) {
    dbeta[j] = float(s0[j]);
    dgamma[j] = float(s1[j]);
    k1[j] = gamma[j] * L.bn_invstd[j] / fm;
    db[j] = 0.f;
  }
  for (int64_t r = 0; r < rows; ++r) {
    float* gr = g + r * n;
    const float* xr = xh + r * n;
    for (int32_t j = 0; j < n; ++j) {
      const float v = k1[j] * (fm * gr[j] - dbeta[j] - xr[j] * dgamma[j]);
      gr[j] = v;
      db[j] += v;
    }
  }
}

// Output layer: v = z + b, loss SUM over rows, g = dL/dv for the batch-MEAN loss, db.
double loss_forward_backward(int32_t loss, int64_t rows, int32_t k, const float* z,
                             const float* b, const int32_t* labels, const float* targets,
                             float* g, float* db) {
  std::fill(db, db + k, 0.f);
  double total = 0.0;
  if (loss == AMS_LOSS_SOFTMAX_CE) {
    const float scale = 1.f / float(rows);
    for (int64_t r = 0; r < rows; ++r) {
      const float* zr = z + r * k;
      float* gr = g + r * k;
      float mx = -std::numeric_limits<float>::infinity();
      for (int32_t j = 0; j < k; ++j) {
        const float v = zr[j] + b[j];
        gr[j] = v;
        mx = std::max(mx, v);
      }
      const int32_t y = labels[r];
      const double vy = gr[y];
      double s = 0.0;
      for (int32_t j = 0; j < k; ++j) {
        const float e = std::exp(gr[j] - mx);
        gr[j] = e;
        s += e;
      }
      total += double(mx) + std::log(s) - vy;
      const float inv = float(1.0 / s) * scale;
      for (int32_t j = 0; j < k; ++j) gr[j] *= inv;
      gr[y] -= scale;
      for (int32_t j = 0; j < k; ++j) db[j] += gr[j];
    }
  } else {
    const float scale = 2.f / (float(rows) * float(k));
    for (int64_t r = 0; r < rows; ++r) {
      const float* zr = z + r * k;
      const float* tr = targets + r * k;
      float* gr = g + r * k;
      double s = 0.0;
      for (int32_t j = 0; j < k; ++j) {
        const float d = zr[j] + b[j] - tr[j];
        s += double(d) * d;
        gr[j] = d * scale;
        db[j] += gr[j];
      }
      total += s / k;
    }
  }
  return total;
}

void dropout_forward(Rng& rng, float p, size_t count, const float* a, float* mask, float* o) {
  // keep with probability 1 - p; 32 random bits per element (two per RNG draw)
  const uint64_t thr = uint64_t(double(p) * 4294967296.0);
  const float scale = 1.f / (1.f - p);
  size_t i = 0;
  for (; i + 1 < count; i += 2) {
    const uint64_t r = rng.next();
    mask[i] = (r & 0xffffffffull) >= thr ? scale : 0.f;
    mask[i + 1] = (r >> 32) >= thr ? scale : 0.f;
  }
  if (i < count) mask[i] = (rng.next() & 0xffffffffull) >= thr ? scale : 0.f;
  for (size_t j = 0; j < count; ++j) o[j] = a[j] * mask[j];
}

}  // namespace

void ensure_workspace(ams_mlp* m, int64_t rows) {
  if (rows <= m->cap_rows) return;
  const int64_t k = m->sizes.back();
  m->xb.reserve_discard(size_t(rows) * m->sizes[0]);
  if (m->loss == AMS_LOSS_SOFTMAX_CE)
    m->yb.reserve_discard(size_t(rows));
  else
    m->tb.reserve_discard(size_t(rows) * k);
  for (int32_t l = 0; l < m->n_layers; ++l) {
    Layer& L = m->layers[l];
    const size_t cnt = size_t(rows) * L.out;
    L.z.reserve_discard(cnt);
    L.g.reserve_discard(cnt);
    if (l == m->n_layers - 1) continue;
    L.a.reserve_discard(cnt);
    if (L.bn) L.y.reserve_discard(cnt);
    if (L.drop > 0.f) {
      L.mask.reserve_discard(cnt);
      L.o.reserve_discard(cnt);
    }
  }
  m->cap_rows = rows;
}

double forward_backward(ams_mlp* m, int64_t rows, const float* X, const int32_t* labels,
                        const float* targets, bool dropout, bool update_running) {
  const int32_t nl = m->n_layers;
  const int mr = int(rows);
  float* P = m->params.data();
  float* G = m->grads.data();

  // ---- forward
  const float* in = X;
  for (int32_t l = 0; l < nl; ++l) {
    Layer& L = m->layers[l];
    gemm_nn(mr, L.out, L.in, in, P + L.w_off, L.z.data());
    if (l == nl - 1) break;
    if (L.bn) {
      bn_forward_train(L, rows, P + L.b_off, P + L.g_off, P + L.be_off, update_running);
      act_forward(L.act, m->leaky_slope, false, rows, L.out, L.y.data(), nullptr, L.a.data());
    } else {
      act_forward(L.act, m->leaky_slope, true, rows, L.out, L.z.data(), P + L.b_off, L.a.data());
    }
    if (dropout && L.drop > 0.f) {
      dropout_forward(m->rng, L.drop, size_t(rows) * L.out, L.a.data(), L.mask.data(),
                      L.o.data());
      in = L.o.data();
    } else {
      in = L.a.data();
    }
  }

  // ---- loss and output-layer dL/dz, db
  Layer& out = m->layers[nl - 1];
  const double total = loss_forward_backward(m->loss, rows, out.out, out.z.data(),
                                             P + out.b_off, labels, targets, out.g.data(),
                                             G + out.b_off);

  // ---- backward
  for (int32_t l = nl - 1; l >= 0; --l) {
    Layer& L = m->layers[l];
    if (l < nl - 1) {
      const bool drop = dropout && L.drop > 0.f;
      const float* v = L.bn ? L.y.data() : L.z.data();
      act_backward(L.act, m->leaky_slope, drop, !L.bn, rows, L.out, L.g.data(), L.mask.data(),
                   v, L.a.data(), G + L.b_off);
      if (L.bn) bn_backward(L, rows, P + L.g_off, G + L.g_off, G + L.be_off, G + L.b_off);
    }
    const float* xin;
    if (l == 0) {
      xin = X;
    } else {
      const Layer& prev = m->layers[l - 1];
      xin = (dropout && prev.drop > 0.f) ? prev.o.data() : prev.a.data();
    }
    gemm_tn(L.in, L.out, mr, xin, L.g.data(), G + L.w_off);
    if (l > 0) gemm_nt(mr, L.in, L.out, L.g.data(), P + L.w_off, m->layers[l - 1].g.data());
  }
  return total;
}

void train_epoch(ams_mlp* m, const ams_data* d, int32_t batch_size, double* mean_loss) {
  const int64_t n = d->n;
  const int64_t bs = std::min<int64_t>(batch_size, n);
  ensure_workspace(m, bs);
  m->perm.reserve_discard(size_t(n));
  int64_t* perm = m->perm.data();
  for (int64_t i = 0; i < n; ++i) perm[i] = i;
  for (int64_t i = n - 1; i > 0; --i) {  // Fisher-Yates
    const int64_t j = int64_t(m->rng.below(uint64_t(i) + 1));
    std::swap(perm[i], perm[j]);
  }
  const int32_t dim = d->d;
  const int32_t k = m->sizes.back();
  const bool cls = m->loss == AMS_LOSS_SOFTMAX_CE;
  double total = 0.0;
  for (int64_t r0 = 0; r0 < n; r0 += bs) {
    // Per batch, not per epoch: an epoch on a large dataset takes seconds, and a caller that
    // cancels is waiting to free the data this loop reads.
    if (m->cancel.load(std::memory_order_relaxed)) fail(ERR_CANCELLED, "cancelled");
    const int64_t rows = std::min(bs, n - r0);
    float* xb = m->xb.data();
    for (int64_t r = 0; r < rows; ++r)
      std::memcpy(xb + r * dim, d->x.data() + perm[r0 + r] * dim, sizeof(float) * dim);
    if (cls) {
      for (int64_t r = 0; r < rows; ++r) m->yb[r] = d->labels[perm[r0 + r]];
    } else {
      for (int64_t r = 0; r < rows; ++r)
        std::memcpy(m->tb.data() + r * k, d->targets.data() + perm[r0 + r] * k,
                    sizeof(float) * k);
    }
    total += forward_backward(m, rows, xb, cls ? m->yb.data() : nullptr,
                              cls ? nullptr : m->tb.data(), true, true);
    optimizer_step(m);
  }
  m->epoch++;
  if (mean_loss) *mean_loss = total / double(n);
}

void evaluate(const ams_mlp* m, const ams_data* d, double* loss, double* metric, float* out) {
  const int64_t n = d->n;
  const int32_t nl = m->n_layers;
  const int32_t k = m->sizes.back();
  const int64_t chunk = std::min(n, kEvalChunk);
  int32_t wmax = 0;
  for (const Layer& L : m->layers) wmax = std::max(wmax, L.out);
  Buf<float> buf[2];
  buf[0].reserve_discard(size_t(chunk) * wmax);
  buf[1].reserve_discard(size_t(chunk) * wmax);
  // batch-norm in evaluation mode: y = (v - running_mean) * invstd * gamma + beta
  std::vector<float> invstd;
  for (const Layer& L : m->layers)
    if (L.bn)
      for (int32_t j = 0; j < L.out; ++j)
        invstd.push_back(float(1.0 / std::sqrt(double(L.run_var[j]) + double(kBnEps))));
  const float* P = m->params.data();
  double total = 0.0, hits = 0.0, sq = 0.0;
  for (int64_t r0 = 0; r0 < n; r0 += chunk) {
    const int64_t rows = std::min(chunk, n - r0);
    const float* in = d->x.data() + r0 * d->d;
    size_t inv_off = 0;
    float* res = nullptr;
    for (int32_t l = 0; l < nl; ++l) {
      const Layer& L = m->layers[l];
      float* z = (l == nl - 1 && out) ? out + r0 * k : buf[l & 1].data();
      gemm_nn(int(rows), L.out, L.in, in, P + L.w_off, z);
      const float* b = P + L.b_off;
      if (l == nl - 1) {
        for (int64_t r = 0; r < rows; ++r)
          for (int32_t j = 0; j < k; ++j) z[r * k + j] += b[j];
        res = z;
        break;
      }
      if (L.bn) {
        const float* gm = P + L.g_off;
        const float* bt = P + L.be_off;
        const float* rm = L.run_mean.data();
        const float* is = invstd.data() + inv_off;
        inv_off += L.out;
        for (int64_t r = 0; r < rows; ++r) {
          float* zr = z + r * L.out;
          for (int32_t j = 0; j < L.out; ++j) zr[j] = (zr[j] + b[j] - rm[j]) * is[j] * gm[j] + bt[j];
        }
        act_forward(L.act, m->leaky_slope, false, rows, L.out, z, nullptr, z);
      } else {
        act_forward_t<true, false>(L.act, m->leaky_slope, rows, L.out, z, b, z);
      }
      in = z;
    }
    if (!loss && !metric) continue;
    for (int64_t r = 0; r < rows; ++r) {
      const float* v = res + r * k;
      if (m->loss == AMS_LOSS_SOFTMAX_CE) {
        int32_t best = 0;
        float mx = v[0];
        for (int32_t j = 1; j < k; ++j)
          if (v[j] > mx) {
            mx = v[j];
            best = j;
          }
        double s = 0.0;
        for (int32_t j = 0; j < k; ++j) s += std::exp(v[j] - mx);
        const int32_t y = d->labels[r0 + r];
        total += double(mx) + std::log(s) - double(v[y]);
        hits += (best == y);
      } else {
        const float* t = d->targets.data() + (r0 + r) * k;
        double s = 0.0;
        for (int32_t j = 0; j < k; ++j) {
          const double e = double(v[j]) - t[j];
          s += e * e;
        }
        sq += s;
      }
    }
  }
  if (m->loss == AMS_LOSS_SOFTMAX_CE) {
    if (loss) *loss = total / double(n);
    if (metric) *metric = hits / double(n);
  } else {
    const double mse = sq / (double(n) * k);
    if (loss) *loss = mse;
    if (metric) *metric = mse;
  }
}

}  // namespace ams
