package org.livingner.bert.tagging;

import org.livingner.bert.modeling.BertConfig;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The model's inference: label probabilities for a batch of subword id sequences. {@link WindowedTagger} labels
 * words through it, so the engine that computes it (DJL's PyTorch in fp32, {@link DjlForwardPass}; ONNX Runtime in
 * int8 or fp32, module livingner-onnx) is chosen when the classifier is loaded. Implementations are thread-safe:
 * one instance (one copy of the weights) serves many threads, and a sequence's probabilities do not depend on the
 * other sequences of its batch.
 */
public interface ForwardPass extends AutoCloseable {

    /**
     * @param ids    [batch x length] token ids, row-major, each row padded with the pad id
     * @param mask   [batch x length], 1 for real tokens and 0 for padding
     * @return softmax probabilities [batch x length x numLabels], row-major
     */
    float[] probabilities(long[] ids, long[] mask, int batch, int length);

    /** The configuration of the model it runs (labels in id order). */
    BertConfig config();

    /** Engine and precision, e.g. "DJL PyTorch 2.7.1 fp32", for reports. */
    String description();

    @Override
    void close();

    /** Builds the forward pass of a model directory's weights. */
    interface Factory {
        /**
         * @param config the model's configuration with the labels it is loaded with
         */
        ForwardPass load(Path modelDir, BertConfig config) throws IOException;
    }
}
