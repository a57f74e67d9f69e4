package org.livingner.convert;

import org.livingner.bert.io.RawTensor;

import java.util.Map;

/**
 * BERT's embeddings and one encoder layer in plain double-precision loops over the converted (HF-layout)
 * weights: slow, but independent of any engine, so it checks the conversion and nothing else.
 */
final class PlainBertReference {

    private static final double EPS = 1e-12;
    private final Map<String, RawTensor> w;
    private final int hidden;
    private final int heads;

    PlainBertReference(Map<String, RawTensor> weights, int hidden, int heads) {
        this.w = weights;
        this.hidden = hidden;
        this.heads = heads;
    }

    private final Map<String, float[]> floats = new java.util.HashMap<>();

    private float[] f(String key) {
        return floats.computeIfAbsent(key, k -> w.get(k).toFloats());
    }

    /** All layers: the last hidden states of the valid positions. */
    double[][] encode(int[] ids, int layers, boolean tanhGelu) {
        double[][] x = embeddings(ids);
        for (int l = 0; l < layers; l++) {
            x = layer(l, x, tanhGelu);
        }
        return x;
    }

    /** LayerNorm(word + position + token type 0), rows for the given ids. */
    double[][] embeddings(int[] ids) {
        float[] words = f("bert.embeddings.word_embeddings.weight");
        float[] pos = f("bert.embeddings.position_embeddings.weight");
        float[] type = f("bert.embeddings.token_type_embeddings.weight");
        double[][] x = new double[ids.length][hidden];
        for (int t = 0; t < ids.length; t++) {
            for (int i = 0; i < hidden; i++) {
                x[t][i] = (double) words[ids[t] * hidden + i] + pos[t * hidden + i] + type[i];
            }
        }
        return layerNorm(x, "bert.embeddings.LayerNorm");
    }

    /** One encoder layer over the valid (unpadded) positions; {@code tanhGelu} as the TF-Hub graph computes it. */
    double[][] layer(int l, double[][] x, boolean tanhGelu) {
        String p = "bert.encoder.layer." + l + ".";
        double[][] q = linear(x, p + "attention.self.query");
        double[][] k = linear(x, p + "attention.self.key");
        double[][] v = linear(x, p + "attention.self.value");
        int n = x.length;
        int d = hidden / heads;
        double[][] ctx = new double[n][hidden];
        double scale = 1 / Math.sqrt(d);
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < n; i++) {
                double[] s = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    for (int c = h * d; c < (h + 1) * d; c++) {
                        dot += q[i][c] * k[j][c];
                    }
                    s[j] = dot * scale;
                    max = Math.max(max, s[j]);
                }
                double z = 0;
                for (int j = 0; j < n; j++) {
                    s[j] = Math.exp(s[j] - max);
                    z += s[j];
                }
                for (int j = 0; j < n; j++) {
                    for (int c = h * d; c < (h + 1) * d; c++) {
                        ctx[i][c] += s[j] / z * v[j][c];
                    }
                }
            }
        }
        double[][] attn = layerNorm(add(linear(ctx, p + "attention.output.dense"), x), p + "attention.output.LayerNorm");
        double[][] inter = linear(attn, p + "intermediate.dense");
        for (double[] row : inter) {
            for (int i = 0; i < row.length; i++) {
                double u = row[i];
                row[i] = tanhGelu ? 0.5 * u * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (u + 0.044715 * u * u * u)))
                        : 0.5 * u * (1 + erf(u / Math.sqrt(2)));
            }
        }
        return layerNorm(add(linear(inter, p + "output.dense"), attn), p + "output.LayerNorm");
    }

    /** y = x W^T + b with HF's [out, in] weight. */
    private double[][] linear(double[][] x, String prefix) {
        RawTensor wt = w.get(prefix + ".weight");
        float[] weight = f(prefix + ".weight");
        float[] bias = f(prefix + ".bias");
        int out = (int) wt.shape()[0];
        int in = (int) wt.shape()[1];
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double acc = bias[o];
                int base = o * in;
                for (int i = 0; i < in; i++) {
                    acc += weight[base + i] * x[t][i];
                }
                y[t][o] = acc;
            }
        }
        return y;
    }

    private double[][] layerNorm(double[][] x, String prefix) {
        float[] gamma = f(prefix + ".weight");
        float[] beta = f(prefix + ".bias");
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            double mean = 0;
            for (double v : x[t]) {
                mean += v;
            }
            mean /= x[t].length;
            double var = 0;
            for (double v : x[t]) {
                var += (v - mean) * (v - mean);
            }
            var /= x[t].length;
            double inv = 1 / Math.sqrt(var + EPS);
            y[t] = new double[x[t].length];
            for (int i = 0; i < x[t].length; i++) {
                y[t][i] = (x[t][i] - mean) * inv * gamma[i] + beta[i];
            }
        }
        return y;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] y = new double[a.length][];
        for (int t = 0; t < a.length; t++) {
            y[t] = new double[a[t].length];
            for (int i = 0; i < a[t].length; i++) {
                y[t][i] = a[t][i] + b[t][i];
            }
        }
        return y;
    }

    /** erf to ~1e-15 by its Maclaurin series (|x| < 3) or the continued fraction of erfc. */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 3) {
            double term = ax;
            double sum = ax;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -ax * ax / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = 0;
            for (int n = 60; n >= 1; n--) {
                f = n / 2.0 / (ax + f);
            }
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
        }
        return x < 0 ? -r : r;
    }
}
