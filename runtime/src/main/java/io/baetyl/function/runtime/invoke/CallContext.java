package io.baetyl.function.runtime.invoke;

import io.baetyl.function.api.Context;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The {@link Context} of one call: a read-only map with exactly the keys Baetyl's Python handlers see. */
final class CallContext extends AbstractMap<String, Object> implements Context {

  private final CallRequest request;
  private final System.Logger logger;
  private final Map<String, Object> entries;

  CallContext(CallRequest request, System.Logger logger) {
    this.request = request;
    this.logger = logger;
    Map<String, Object> map = new LinkedHashMap<>(8);
    // uint32 on the wire: the map, which handlers echo as JSON, holds the number the sender meant
    map.put(MESSAGE_QOS, request.qos() >= 0 ? (Object) request.qos() : (Object) Integer.toUnsignedLong(request.qos()));
    map.put(MESSAGE_TOPIC, request.topic());
    map.put(MESSAGE_TIMESTAMP, request.timestamp());
    map.put(FUNCTION_NAME, request.functionName());
    map.put(FUNCTION_INVOKE_ID, request.invokeId());
    map.put(INVOKE_ID, request.invokeId());
    this.entries = Collections.unmodifiableMap(map);
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return entries.entrySet();
  }

  @Override
  public Object get(Object key) {
    return entries.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  @Override
  public int size() {
    return entries.size();
  }

  @Override
  public Object put(String key, Object value) {
    throw readOnly();
  }

  @Override
  public Object remove(Object key) {
    throw readOnly();
  }

  @Override
  public void clear() {
    throw readOnly();
  }

  private static UnsupportedOperationException readOnly() {
    return new UnsupportedOperationException("the context is read-only: copy it (new HashMap<>(context)) to change"
        + " it");
  }

  @Override
  public int messageQOS() {
    return request.qos();
  }

  @Override
  public String messageTopic() {
    return request.topic();
  }

  @Override
  public long messageTimestamp() {
    return request.timestamp();
  }

  @Override
  public String functionName() {
    return request.functionName();
  }

  @Override
  public String functionInvokeID() {
    return request.invokeId();
  }

  @Override
  public Duration remainingTime() {
    return request.remainingTime();
  }

  @Override
  public System.Logger logger() {
    return logger;
  }
}
