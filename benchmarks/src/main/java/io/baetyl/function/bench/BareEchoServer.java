package io.baetyl.function.bench;

import io.baetyl.function.runtime.proto.FunctionGrpc;
import io.baetyl.function.runtime.proto.FunctionMessage;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The yardstick: a plain grpc-java server (defaults throughout) that serves {@code baetyl.Function/Call} by
 * returning the request. {@code java -cp ... io.baetyl.function.bench.BareEchoServer PORT}; stops on SIGTERM.
 */
public final class BareEchoServer {

    private BareEchoServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: BareEchoServer PORT");
            System.exit(2);
        }
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])))
            .addService(new EchoService())
            .build()
            .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            try {
                server.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        System.out.println("bare echo server listening on 127.0.0.1:" + args[0]);
        server.awaitTermination();
    }

    /** Echoes the request, as the runtime does with an echo handler (same fields, same payload). */
    static final class EchoService extends FunctionGrpc.FunctionImplBase {
        @Override
        public void call(FunctionMessage request, StreamObserver<FunctionMessage> responseObserver) {
            responseObserver.onNext(request);
            responseObserver.onCompleted();
        }
    }
}
