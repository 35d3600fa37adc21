package io.baetyl.function.runtime.server;

import io.baetyl.function.runtime.proto.FunctionGrpc;
import io.baetyl.function.runtime.proto.health.HealthCheckRequest;
import io.baetyl.function.runtime.proto.health.HealthCheckResponse;
import io.baetyl.function.runtime.proto.health.HealthCheckResponse.ServingStatus;
import io.baetyl.function.runtime.proto.health.HealthGrpc;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code grpc.health.v1.Health} for the whole server ({@code ""}) and {@code baetyl.Function}:
 * NOT_SERVING until every function is loaded, SERVING, then NOT_SERVING while draining.
 */
final class HealthService implements BindableService {

  private final List<ServerCallStreamObserver<HealthCheckResponse>> watchers = new ArrayList<>();
  private ServingStatus status = ServingStatus.NOT_SERVING;

  synchronized void setStatus(ServingStatus newStatus) {
    status = newStatus;
    HealthCheckResponse response = response(newStatus);
    for (ServerCallStreamObserver<HealthCheckResponse> watcher : watchers) {
      if (!watcher.isCancelled()) {
        watcher.onNext(response);
      }
    }
  }

  /** Ends every Watch stream, so draining does not wait for them. */
  synchronized void closeWatchers() {
    for (ServerCallStreamObserver<HealthCheckResponse> watcher : watchers) {
      if (!watcher.isCancelled()) {
        watcher.onCompleted();
      }
    }
    watchers.clear();
  }

  @Override
  public ServerServiceDefinition bindService() {
    MethodDescriptor.Marshaller<Incoming<HealthCheckRequest>> requests =
        Incoming.marshaller(HealthCheckRequest.getDefaultInstance());
    MethodDescriptor<HealthCheckRequest, HealthCheckResponse> check = HealthGrpc.getCheckMethod();
    MethodDescriptor<HealthCheckRequest, HealthCheckResponse> watch = HealthGrpc.getWatchMethod();
    return ServerServiceDefinition.builder(HealthGrpc.SERVICE_NAME)
        .addMethod(check.toBuilder(requests, check.getResponseMarshaller()).build(),
            ServerCalls.asyncUnaryCall(this::check))
        .addMethod(watch.toBuilder(requests, watch.getResponseMarshaller()).build(),
            ServerCalls.asyncServerStreamingCall(this::watch))
        .build();
  }

  private void check(Incoming<HealthCheckRequest> incoming, StreamObserver<HealthCheckResponse> observer) {
    if (incoming.malformed() != null) {
      observer.onError(incoming.invalid("grpc.health.v1.HealthCheckRequest").asRuntimeException());
      return;
    }
    HealthCheckRequest request = incoming.message();
    if (!known(request.getService())) {
      observer.onError(Status.NOT_FOUND.withDescription("unknown service '" + request.getService() + "'")
          .asRuntimeException());
      return;
    }
    ServingStatus current;
    synchronized (this) {
      current = status;
    }
    observer.onNext(response(current));
    observer.onCompleted();
  }

  private void watch(Incoming<HealthCheckRequest> incoming, StreamObserver<HealthCheckResponse> observer) {
    ServerCallStreamObserver<HealthCheckResponse> watcher = (ServerCallStreamObserver<HealthCheckResponse>) observer;
    if (incoming.malformed() != null) {
      watcher.onError(incoming.invalid("grpc.health.v1.HealthCheckRequest").asRuntimeException());
      return;
    }
    HealthCheckRequest request = incoming.message();
    if (!known(request.getService())) {
      // ended at once rather than kept open, so draining never waits for it
      watcher.onNext(response(ServingStatus.SERVICE_UNKNOWN));
      watcher.onCompleted();
      return;
    }
    synchronized (this) {
      watcher.setOnCancelHandler(() -> removeWatcher(watcher));
      watchers.add(watcher);
      watcher.onNext(response(status));
    }
  }

  private synchronized void removeWatcher(ServerCallStreamObserver<HealthCheckResponse> watcher) {
    watchers.remove(watcher);
  }

  private static boolean known(String service) {
    return service.isEmpty() || service.equals(FunctionGrpc.SERVICE_NAME);
  }

  private static HealthCheckResponse response(ServingStatus status) {
    return HealthCheckResponse.newBuilder().setStatus(status).build();
  }
}
