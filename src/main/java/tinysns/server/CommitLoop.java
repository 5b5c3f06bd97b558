package tinysns.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.proto.ErrorCode;
import tinysns.rpc.RequestContext;

/**
 * The one thread that owns the service's state and its files. Tasks run in arrival order, in batches: every task
 * that arrived while the previous batch was being fsync'd runs, then one sync makes all their changes durable, and
 * only then are their replies and pushes sent (group commit). So nothing a client is told can be lost, and no
 * event loop ever waits for the disk.
 */
final class CommitLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommitLoop.class);
    private static final int MAX_BATCH = 4096;

    /** What the loop makes durable after each batch. */
    interface Disk {
        boolean hasPending();

        void sync() throws IOException;
    }

    /** A task, and where to say no when it cannot run (null for tasks that answer nobody). */
    private record Task(RequestContext context, Runnable body) {
    }

    private record AfterCommit(RequestContext context, Runnable action) {
    }

    private static final Task STOP = new Task(null, () -> { });

    private final Disk disk;
    private final ChangeLog log;
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final List<AfterCommit> afterCommit = new ArrayList<>();
    private final Thread thread;
    private final Object submitLock = new Object();
    private boolean closed;
    private volatile IOException diskFailure;

    CommitLoop(String threadName, Disk disk) {
        this(threadName, disk, new ChangeLog());
    }

    /** @param log told after each sync that its changes so far are durable */
    CommitLoop(String threadName, Disk disk, ChangeLog log) {
        this.disk = disk;
        this.log = log;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a task; when the loop has stopped, answers {@code context} with an error instead. Any thread. */
    void submit(RequestContext context, Runnable body) {
        synchronized (submitLock) {
            if (!closed) {
                queue.add(new Task(context, body));
                return;
            }
        }
        if (context != null) {
            context.replyError(ErrorCode.INTERNAL, "the server is shutting down");
        }
    }

    ChangeLog changeLog() {
        return log;
    }

    /** Runs {@code action} once this batch's changes are on disk. Only from a task. */
    void afterCommit(RequestContext context, Runnable action) {
        afterCommit.add(new AfterCommit(context, action));
    }

    /** Stops taking tasks, runs and commits every task already queued, and waits for that. */
    @Override
    public void close() {
        synchronized (submitLock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Task> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() ends the loop, after draining
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            for (Task task : batch) {
                if (task == STOP) {
                    stopping = true;
                } else {
                    runTask(task);
                }
            }
            batch.clear();
            commit();
        }
    }

    private void runTask(Task task) {
        if (diskFailure != null) {
            refuse(task.context());
            return;
        }
        try {
            task.body().run();
        } catch (RuntimeException e) {
            LOG.error("a service task failed", e);
            if (task.context() != null) {
                afterCommit(task.context(), () -> task.context().replyError(ErrorCode.INTERNAL, "internal error"));
            }
        }
    }

    private void commit() {
        String refused = null;
        if (diskFailure == null && disk.hasPending()) {
            try {
                disk.sync();
            } catch (BatchRefusedException e) {
                refused = e.getMessage();
                LOG.warn("not acknowledging a batch: {}", refused);
            } catch (IOException e) {
                diskFailure = e;
                LOG.error("cannot write the data files ({}); refusing every request from now on", e.toString());
            }
        }
        if (diskFailure == null) {
            log.madeDurable();
        }
        for (AfterCommit done : afterCommit) {
            if (diskFailure != null) {
                refuse(done.context());
            } else if (refused != null) {
                if (done.context() != null) {
                    done.context().replyError(ErrorCode.INTERNAL, refused);
                }
            } else {
                try {
                    done.action().run();
                } catch (RuntimeException e) {
                    LOG.error("sending a reply failed", e);
                }
            }
        }
        afterCommit.clear();
    }

    private void refuse(RequestContext context) {
        if (context != null) {
            context.replyError(ErrorCode.INTERNAL, "the server cannot write its files: " + diskFailure.getMessage());
        }
    }
}
