package io.baetyl.function.runtime.server;

import io.baetyl.function.runtime.proto.FunctionGrpc;
import io.baetyl.function.runtime.proto.health.HealthCheckRequest;
import io.baetyl.function.runtime.proto.health.HealthCheckResponse;
import io.baetyl.function.runtime.proto.health.HealthCheckResponse.ServingStatus;
import io.baetyl.function.runtime.proto.health.HealthGrpc;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code grpc.health.v1.Health} for the whole server ({@code ""}) and {@code baetyl.Function}:
 * NOT_SERVING until every function is loaded, SERVING, then NOT_SERVING while draining.
 */
final class HealthService extends HealthGrpc.HealthImplBase {

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
  public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> observer) {
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

  @Override
  public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> observer) {
    ServerCallStreamObserver<HealthCheckResponse> watcher = (ServerCallStreamObserver<HealthCheckResponse>) observer;
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
