package io.baetyl.function.runtime.server;

import com.google.protobuf.UnsafeByteOperations;
import io.baetyl.function.runtime.invoke.CallFailure;
import io.baetyl.function.runtime.invoke.CallRequest;
import io.baetyl.function.runtime.invoke.FunctionInvoker;
import io.baetyl.function.runtime.invoke.MessageSize;
import io.baetyl.function.runtime.logging.JulLogger;
import io.baetyl.function.runtime.proto.FunctionGrpc;
import io.baetyl.function.runtime.proto.FunctionMessage;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code baetyl.Function/Call}: routes by {@code FunctionName}, limits calls in flight, runs the handler on
 * the worker pool and replies with the request whose payload is replaced.
 */
final class FunctionService implements BindableService {

  private static final System.Logger LOG = JulLogger.named(FunctionService.class.getName());

  private final Map<String, FunctionInvoker> functions;
  private final ExecutorService workers;
  private final WorkerPool pool;
  private final ScheduledExecutorService timer;
  private final int concurrentMax;
  private final int messageLengthMax;
  private final AtomicInteger inFlight = new AtomicInteger();

  FunctionService(Map<String, FunctionInvoker> functions, WorkerPool pool, ScheduledExecutorService timer,
      int concurrentMax, int messageLengthMax) {
    this.functions = Map.copyOf(functions);
    this.workers = pool.executor();
    this.pool = pool;
    this.timer = timer;
    this.concurrentMax = concurrentMax;
    this.messageLengthMax = messageLengthMax;
  }

  /** Calls accepted and not yet finished (queued or running, including handlers still running past their end). */
  int callsInFlight() {
    return inFlight.get();
  }

  @Override
  public ServerServiceDefinition bindService() {
    MethodDescriptor<FunctionMessage, FunctionMessage> wire = FunctionGrpc.getCallMethod();
    return ServerServiceDefinition.builder(FunctionGrpc.SERVICE_NAME)
        .addMethod(wire.toBuilder(Incoming.marshaller(FunctionMessage.getDefaultInstance()),
                wire.getResponseMarshaller()).build(),
            ServerCalls.asyncUnaryCall(this::call))
        .build();
  }

  private void call(Incoming<FunctionMessage> incoming, StreamObserver<FunctionMessage> observer) {
    ServerCallStreamObserver<FunctionMessage> call = (ServerCallStreamObserver<FunctionMessage>) observer;
    if (incoming.malformed() != null) {
      LOG.log(System.Logger.Level.WARNING, () -> "rejected a request that is not a baetyl.FunctionMessage: "
          + incoming.malformed());
      call.onError(incoming.invalid("baetyl.FunctionMessage").asRuntimeException());
      return;
    }
    FunctionMessage request = incoming.message();
    FunctionInvoker invoker = functions.get(request.getFunctionName());
    if (invoker == null) {
      call.onError(Status.NOT_FOUND.withDescription("function '" + request.getFunctionName()
          + "' is not served by this runtime (it serves " + String.join(", ", functions.keySet().stream().sorted()
              .toList()) + ")").asRuntimeException());
      return;
    }
    if (inFlight.incrementAndGet() > concurrentMax) {
      inFlight.decrementAndGet();
      call.onError(Status.RESOURCE_EXHAUSTED.withDescription("too many calls in flight: server.concurrent.max is "
          + concurrentMax).asRuntimeException());
      return;
    }
    CallTask task = new CallTask(invoker, request, call, Context.current().getDeadline());
    call.setOnCancelHandler(task::cancel);
    try {
      workers.execute(task);
    } catch (RejectedExecutionException e) {
      inFlight.decrementAndGet();
      call.onError(Status.UNAVAILABLE.withDescription("the runtime is shutting down").asRuntimeException());
    } catch (OutOfMemoryError e) {
      if (!FunctionInvoker.isThreadLimit(e)) {
        throw e;
      }
      // the container's pids limit (threads the handlers start count too): the call gives its slot back, or the
      // instance would stay RESOURCE_EXHAUSTED for good
      inFlight.decrementAndGet();
      String reason = "the runtime cannot start a worker thread (" + e.getMessage() + "); is the container's pids"
          + " limit reached?";
      LOG.log(System.Logger.Level.WARNING, () -> "function '" + invoker.functionName() + "' (invoke id "
          + request.getFunctionInvokeID() + "): " + reason);
      call.onError(Status.RESOURCE_EXHAUSTED.withDescription(reason).asRuntimeException());
    }
  }

  /** One accepted call: skipped if cancelled before it starts, interrupted if cancelled while running. */
  private final class CallTask implements Runnable {
    private final FunctionInvoker invoker;
    private final FunctionMessage request;
    private final ServerCallStreamObserver<FunctionMessage> call;
    private final long deadlineNanoTime;
    private boolean cancelled;
    private Thread runner;
    private boolean setAside;

    CallTask(FunctionInvoker invoker, FunctionMessage request, ServerCallStreamObserver<FunctionMessage> call,
        Deadline deadline) {
      this.invoker = invoker;
      this.request = request;
      this.call = call;
      this.deadlineNanoTime = deadline == null
          ? CallRequest.NO_DEADLINE
          : System.nanoTime() + deadline.timeRemaining(TimeUnit.NANOSECONDS);
    }

    synchronized void cancel() {
      cancelled = true;
      if (runner != null) {
        runner.interrupt();
        try {
          timer.schedule(this::setAsideIfStillRunning, WorkerPool.SET_ASIDE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
          // the server is stopping: worker threads are daemons and do not hold the exit
        }
      }
    }

    /** A handler that ignores the interrupt keeps its thread; the pool gets another so calls keep being served. */
    private synchronized void setAsideIfStillRunning() {
      if (runner != null && !setAside) {
        setAside = pool.setAside(invoker.functionName(), request.getFunctionInvokeID());
      }
    }

    @Override
    public void run() {
      Outcome outcome;
      try {
        synchronized (this) {
          if (cancelled) {
            return;
          }
          runner = Thread.currentThread();
        }
        outcome = invoke();
      } finally {
        synchronized (this) {
          runner = null;
          if (setAside) {
            pool.release(invoker.functionName(), request.getFunctionInvokeID());
          }
        }
        Thread.interrupted();
        // free the slot before replying: a caller that sends its next call on receipt must find it free
        inFlight.decrementAndGet();
      }
      reply(outcome);
    }

    private Outcome invoke() {
      try {
        byte[] payload = invoker.call(new CallRequest(request.getQOS(), request.getTopic(), request.getTimestamp(),
            request.getFunctionName(), request.getFunctionInvokeID(), Payloads.bytes(request.getPayload()),
            deadlineNanoTime));
        FunctionMessage reply = request.toBuilder().setPayload(UnsafeByteOperations.unsafeWrap(payload)).build();
        String tooLarge = MessageSize.tooLarge(invoker.functionName(), reply.getSerializedSize(), messageLengthMax);
        if (tooLarge != null) {
          LOG.log(System.Logger.Level.WARNING, () -> tooLarge + " (invoke id " + request.getFunctionInvokeID()
              + "): the caller gets RESOURCE_EXHAUSTED");
          return new Outcome(null, Status.RESOURCE_EXHAUSTED.withDescription(tooLarge));
        }
        return new Outcome(reply, null);
      } catch (CallFailure failure) {
        if (call.isCancelled()) {
          // its deadline passed or the caller went away, and the runtime interrupted it: not the code's fault
          LOG.log(System.Logger.Level.INFO, () -> "function '" + invoker.functionName() + "' (invoke id "
              + request.getFunctionInvokeID() + ") stopped after its call ended (deadline passed or cancelled): "
              + failure.description());
        } else if (failure.getCause() != null) {
          LOG.log(System.Logger.Level.WARNING, () -> "function '" + invoker.functionName() + "' (invoke id "
              + request.getFunctionInvokeID() + "): " + failure.description(), failure.getCause());
        }
        return new Outcome(null,
            Status.fromCode(Status.Code.valueOf(failure.code())).withDescription(failure.description()));
      }
    }

    private void reply(Outcome outcome) {
      if (call.isCancelled()) {
        return;
      }
      try {
        if (outcome.reply() != null) {
          call.onNext(outcome.reply());
          call.onCompleted();
        } else {
          call.onError(outcome.failure().asRuntimeException());
        }
      } catch (StatusRuntimeException | IllegalStateException e) {
        LOG.log(System.Logger.Level.DEBUG, "reply to a call that has ended", e);
      }
    }
  }

  /** A reply or a failure status. */
  private record Outcome(FunctionMessage reply, Status failure) {}
}
