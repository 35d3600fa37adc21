package io.baetyl.function.bench;

/**
 * The benchmark's function: returns the payload as it came. It uses only the JDK, so its class file alone is
 * the function's code directory.
 */
public final class EchoHandler {

    public byte[] handle(byte[] payload) {
        return payload;
    }
}
