package io.baetyl.function.runtime.server;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A request's payload as a {@code byte[]} without a second copy in the 20 MiB heap. */
final class Payloads {

  private Payloads() {}

  /**
   * The array behind {@code payload} when it spans all of one (what parsing a request produces), else a copy.
   * The request is not used again after the call, so handing its array to the handler is safe.
   */
  static byte[] bytes(ByteString payload) {
    WholeArray whole = new WholeArray();
    try {
      UnsafeByteOperations.unsafeWriteTo(payload, whole);
    } catch (IOException e) {
      throw new IllegalStateException("a ByteOutput in memory cannot fail", e);
    }
    return whole.array != null && whole.array.length == payload.size() ? whole.array : payload.toByteArray();
  }

  /** Remembers the array of a single lazy write of a whole array; anything else means "copy". */
  private static final class WholeArray extends ByteOutput {
    private byte[] array;
    private int writes;

    @Override
    public void writeLazy(byte[] value, int offset, int length) {
      array = ++writes == 1 && offset == 0 && length == value.length ? value : null;
    }

    private void notWhole() {
      writes++;
      array = null;
    }

    @Override
    public void write(byte value) {
      notWhole();
    }

    @Override
    public void write(byte[] value, int offset, int length) {
      notWhole();
    }

    @Override
    public void write(ByteBuffer value) {
      notWhole();
    }

    @Override
    public void writeLazy(ByteBuffer value) {
      notWhole();
    }
  }
}
