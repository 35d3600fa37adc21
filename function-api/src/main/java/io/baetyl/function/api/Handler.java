package io.baetyl.function.api;

/**
 * A Baetyl function handler. The runtime binds the message payload to {@code I} (from the type
 * argument), calls {@link #handle} and encodes the result as the reply payload.
 *
 * <p>Implementations need a public no-argument constructor; one instance serves every call, so
 * it must be safe for concurrent use.
 *
 * @param <I> the input type: {@code byte[]}, {@code String}, {@code Object}, a {@code Map} or a POJO
 * @param <O> the output type: {@code byte[]} is sent as is, {@code null} as an empty payload,
 *     anything else as JSON
 */
@FunctionalInterface
public interface Handler<I, O> {

  O handle(I input, Context context) throws Exception;
}
