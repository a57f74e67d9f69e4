package org.livingner.bert.tagging;

import org.livingner.bert.tokenization.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets documents labelled from several threads at once share forward passes. Each calling thread hands in its
 * document and waits; one labelling thread takes the documents waiting (up to one per registered client, waiting at
 * most {@code linger} for the clients that have not asked yet), packs and labels them in one call, length-grouped
 * batches spanning the documents, and hands each caller its own labels. A document whose group fails is labelled
 * again alone, so one bad document fails only its own caller. With one client registered, callers label on their
 * own thread (nothing to wait for).
 */
final class DocumentBatcher implements AutoCloseable {

    private record Request(List<List<Word>> sentences, ContextPacker packer,
                           CompletableFuture<List<List<WordLabel>>> result) {
    }

    private static final Request STOP = new Request(null, null, null);

    private final WindowedTagger tagger;
    private final long lingerNanos;
    private final AtomicInteger clients = new AtomicInteger();
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger groups = new AtomicInteger();
    private final AtomicInteger grouped = new AtomicInteger();
    private Thread thread;

    DocumentBatcher(WindowedTagger tagger, long lingerMillis) {
        this.tagger = tagger;
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMillis);
    }

    /** One more thread will label documents concurrently with the others; undone by {@link #unregister()}. */
    void register() {
        clients.incrementAndGet();
    }

    void unregister() {
        clients.decrementAndGet();
    }

    /** Labels of each sentence's words, as {@link WindowedTagger#labelPacked} gives them for this document. */
    List<List<WordLabel>> label(List<List<Word>> sentences, ContextPacker packer) {
        if (clients.get() <= 1) {
            groups.incrementAndGet();
            grouped.incrementAndGet();
            return tagger.labelPacked(List.of(sentences), packer).get(0);
        }
        Request request = new Request(sentences, packer, new CompletableFuture<>());
        start();
        queue.add(request);
        try {
            return request.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * Groups labelled together so far (one labelling call each); a document labelled on its caller's thread (one
     * client) is a group of one.
     */
    int groups() {
        return groups.get();
    }

    /** Documents labelled so far, in all the {@link #groups}. */
    int documents() {
        return grouped.get();
    }

    private synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::run, "livingner-labeller");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run() {
        try {
            while (true) {
                Request first = queue.take();
                if (first == STOP) {
                    return;
                }
                List<Request> group = new ArrayList<>();
                group.add(first);
                long deadline = System.nanoTime() + lingerNanos;
                while (group.size() < clients.get()) {
                    Request next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    if (next == STOP) {
                        queue.add(STOP);
                        break;
                    }
                    group.add(next);
                }
                label(group);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void label(List<Request> group) {
        groups.incrementAndGet();
        grouped.addAndGet(group.size());
        // one call per packer (all the same unless engines were configured differently)
        List<Request> rest = new ArrayList<>(group);
        while (!rest.isEmpty()) {
            ContextPacker packer = rest.get(0).packer();
            List<Request> same = rest.stream().filter(r -> r.packer().equals(packer)).toList();
            rest.removeAll(same);
            try {
                List<List<List<WordLabel>>> labels = tagger.labelPacked(
                        same.stream().map(Request::sentences).toList(), packer);
                for (int i = 0; i < same.size(); i++) {
                    same.get(i).result().complete(labels.get(i));
                }
            } catch (Throwable e) {
                for (Request r : same) {
                    try {
                        r.result().complete(tagger.labelPacked(List.of(r.sentences()), packer).get(0));
                    } catch (Throwable alone) {
                        r.result().completeExceptionally(alone);
                    }
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            queue.add(STOP);
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }
}
