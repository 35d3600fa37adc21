package io.baetyl.function.it;

import io.baetyl.function.runtime.proto.FunctionMessage;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

/**
 * Calls one function once, as Baetyl's function manager would, and prints the reply:
 * {@code java -cp ... io.baetyl.function.it.CallFunction HOST:PORT FUNCTION PAYLOAD [TOPIC]}.
 * Exit code 0 on a reply, 1 on an error status, 2 on bad arguments, 3 when nothing was ready to connect to.
 */
public final class CallFunction {

  private CallFunction() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 3 || args.length > 4) {
      System.err.println("usage: CallFunction HOST:PORT FUNCTION PAYLOAD [TOPIC]");
      System.exit(2);
    }
    String address = args[0];
    String topic = args.length == 4 ? args[3] : "demo";
    FunctionMessage request =
        FunctionClient.request(args[1], 1, 0, topic, args[2].getBytes(StandardCharsets.UTF_8));
    System.out.println("call  " + address + " function=" + request.getFunctionName() + " topic=" + topic
        + " invokeID=" + request.getFunctionInvokeID() + " payload=" + args[2]);
    try (FunctionClient client = FunctionClient.connect(address, FunctionClient.BAETYL_TIMEOUT)) {
      FunctionMessage reply = client.call(request, FunctionClient.BAETYL_TIMEOUT);
      System.out.println("reply function=" + reply.getFunctionName() + " invokeID=" + reply.getFunctionInvokeID()
          + " payload=" + reply.getPayload().toString(StandardCharsets.UTF_8));
    } catch (StatusRuntimeException e) {
      System.out.println("error " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
      System.exit(1);
    } catch (TimeoutException e) {
      System.out.println("error " + e.getMessage());
      System.exit(3);
    }
  }
}
