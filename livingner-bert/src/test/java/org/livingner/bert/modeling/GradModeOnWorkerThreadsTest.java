package org.livingner.bert.modeling;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PyTorch's grad mode is per thread and on by default; DJL turns it off only on the thread that starts the engine.
 * Predictions on any other thread (CPE and batch workers) must still run without autograd, so that nothing is
 * recorded and {@link BertEncoder} frees each layer's intermediates.
 */
class GradModeOnWorkerThreadsTest {

    private record Seen(boolean gradModeBefore, boolean outputRecordsGradient, boolean gradModeAfter, float[] logits) {
    }

    @Test
    void predictionOnANewThreadRecordsNoGradientAndLeavesTheThreadAsItWas() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             BertForTokenClassification model = BertForTokenClassification.random(
                     BertForTokenClassificationTest.SMALL, 3, m)) {
            // as while training: autograd would record every operation on these if grad mode were on
            model.parameters().values().forEach(p -> p.setRequiresGradient(true));
            long[] ids = {2, 7, 8, 9, 3};
            float[] here;
            try (NDManager s = m.newSubManager()) {
                NDArray x = s.create(ids, new Shape(1, 5));
                here = model.predictLogits(x, x.onesLike()).toFloatArray();
            }
            Seen seen = onNewThread(() -> {
                boolean before = JniUtils.isGradMode();
                try (NDManager s = m.newSubManager()) {
                    NDArray x = s.create(ids, new Shape(1, 5));
                    NDArray out = model.predictLogits(x, x.onesLike());
                    boolean after = JniUtils.isGradMode();
                    return new Seen(before, recorded(out), after, out.toFloatArray());
                }
            });
            assertTrue(seen.gradModeBefore(), "premise: a new thread starts with PyTorch's grad mode on");
            assertFalse(seen.outputRecordsGradient(), "the prediction was recorded for autograd");
            assertTrue(seen.gradModeAfter(), "the thread's own grad mode is given back");
            assertArrayEquals(here, seen.logits(), 1e-5f, "same logits on any thread");
        }
    }

    @Test
    void withGradModeOnTheSameModelRecordsTheForwardPass() throws Exception {
        // the check above can fail: logits(.., false) on a fresh thread is recorded
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             BertForTokenClassification model = BertForTokenClassification.random(
                     BertForTokenClassificationTest.SMALL, 3, m)) {
            model.parameters().values().forEach(p -> p.setRequiresGradient(true));
            boolean recorded = onNewThread(() -> {
                try (NDManager s = m.newSubManager()) {
                    NDArray x = s.create(new long[] {2, 7, 3}, new Shape(1, 3));
                    return recorded(model.logits(x, x.onesLike(), false));
                }
            });
            assertTrue(recorded);
        }
    }

    /** Whether autograd recorded how {@code a} was made: backward through it works only then. */
    private static boolean recorded(NDArray a) {
        NDArray sum = a.sum();
        try {
            JniUtils.backward((PtNDArray) sum, (PtNDArray) sum.onesLike(), false, false);
            return true;
        } catch (EngineException e) {
            return false; // "element 0 of tensors does not require grad and does not have a grad_fn"
        }
    }

    private static <T> T onNewThread(Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "grad-mode-test-worker");
        t.start();
        t.join();
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
