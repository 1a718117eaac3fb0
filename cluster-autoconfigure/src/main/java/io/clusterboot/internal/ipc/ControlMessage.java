package io.clusterboot.internal.ipc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message on the control channel between the master and a worker: a type and named
 * values, sent as one JSON object.
 *
 * @param type the type of the message, such as {@code hello} or {@code ready}
 * @param values the values carried by the message
 * @author ClusterBoot team
 */
public record ControlMessage(String type, Map<String, Object> values) {

	/**
	 * Sent first by a worker: its id, its pid and the cluster's token.
	 */
	public static final String HELLO = "hello";

	/**
	 * Sent first by a control command ({@code java -Djarmode=cluster -jar app.jar}): the
	 * cluster's token, its pid, its version of ClusterBoot and of the control protocol.
	 * The master answers with a {@link #REPLY} to request 0: its own pid and versions, or
	 * why it refuses the command. Then the command sends requests: {@link #STATUS},
	 * {@link #RELOAD}, {@link #SCALE} and {@link #STOP}.
	 */
	public static final String COMMAND = "command";

	/**
	 * Sent by a control command to stop the cluster, as TERM does; answered with a
	 * {@link #REPLY}.
	 */
	public static final String STOP = "stop";

	/**
	 * Sent by a worker once its application is ready and accepts traffic; its
	 * {@link #BOOT_CACHE} value says whether its JVM uses the boot cache's class archive.
	 */
	public static final String READY = "ready";

	/**
	 * Name of the value, in a {@link #READY} message, that says whether the worker's JVM
	 * uses the class archive of the boot cache it was started from; absent when it was
	 * not started from one.
	 */
	public static final String BOOT_CACHE = "bootCache";

	/**
	 * Sent by a worker when it stops accepting connections and starts to drain.
	 */
	public static final String DRAINING = "draining";

	/**
	 * Sent by a worker at a fixed interval with its figures: resident memory, heap used,
	 * CPU, requests in flight and served.
	 */
	public static final String HEARTBEAT = "heartbeat";

	/**
	 * Sent by a worker or a control command to ask for the cluster's status; answered
	 * with a {@link #REPLY}.
	 */
	public static final String STATUS = "status";

	/**
	 * Sent by a worker or a control command to start a rolling reload, or join the one
	 * running; answered with a {@link #REPLY} describing the reload.
	 */
	public static final String RELOAD = "reload";

	/**
	 * Sent by a worker or a control command to set the number of workers to its
	 * {@code workers} value; answered with a {@link #REPLY}.
	 */
	public static final String SCALE = "scale";

	/**
	 * Sent by a control command to start a master upgrade, or join the one running;
	 * answered with a {@link #REPLY} describing the upgrade.
	 */
	public static final String UPGRADE = "upgrade";

	/**
	 * Sent by the new master of an upgrade, once its workers are ready, to the master it
	 * replaces, which answers with a {@link #REPLY} and then drains its workers and
	 * exits.
	 */
	public static final String TAKE_OVER = "take-over";

	/**
	 * Sent by the new master of an upgrade, once it took over, to the master it replaces,
	 * which answers with a {@link #REPLY} once none of its workers leads: its leader
	 * released the leadership or is gone. Until then, or until that master is gone, the
	 * new master makes none of its workers the leader.
	 */
	public static final String RELEASE_LEADERSHIP = "release-leadership";

	/**
	 * Sent by a worker to another worker ({@code to} its slot) or to every worker
	 * ({@code to} 0), and forwarded by the master with the sender's slot in {@code from}.
	 */
	public static final String MESSAGE = "message";

	/**
	 * Sent by the master to the worker that becomes the cluster's leader.
	 */
	public static final String LEADER_GRANTED = "leader-granted";

	/**
	 * Sent by the master to the leader when the leadership must move; answered with
	 * {@link #LEADER_RELEASED} once no leader-only work runs.
	 */
	public static final String LEADER_REVOKED = "leader-revoked";

	/**
	 * Sent by a worker that gave the leadership up.
	 */
	public static final String LEADER_RELEASED = "leader-released";

	/**
	 * Sent by the master when a worker connects and after every scaling: the number of
	 * workers the cluster runs, in {@code count}.
	 */
	public static final String WORKER_COUNT = "worker-count";

	/**
	 * Sent by the master to the ready workers when a worker starts while none did, and
	 * when none starts any more: whether one does, in {@code starting}.
	 */
	public static final String WORKER_STARTING = "worker-starting";

	/**
	 * Sent by the master to answer a request; its {@code body} is the answer.
	 */
	public static final String REPLY = "reply";

	/**
	 * Name of the value that pairs a request with its reply.
	 */
	public static final String REQUEST_ID = "request";

	/**
	 * Name of the value, in the body of a {@link #REPLY}, that says why the master
	 * refused a request it cannot carry out now, such as a reload while the cluster
	 * stops.
	 */
	public static final String REFUSED = "refused";

	/**
	 * Name of the value, in the body of a {@link #REPLY}, that says why the master
	 * rejected a request that is not allowed, such as more workers than the maximum.
	 */
	public static final String REJECTED = "rejected";

	/**
	 * Creates a message.
	 * @param type the type
	 * @param values the values
	 */
	public ControlMessage {
		values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
	}

	/**
	 * Creates a message from alternating names and values.
	 * @param type the type
	 * @param namesAndValues names and values, alternating
	 * @return the message
	 */
	public static ControlMessage of(String type, Object... namesAndValues) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
			values.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return new ControlMessage(type, values);
	}

	/**
	 * Creates the {@link #REPLY} to a request: the request's id, and the answer as its
	 * {@code body}.
	 * @param request the request
	 * @param body the answer
	 * @return the reply
	 */
	public static ControlMessage reply(ControlMessage request, Object body) {
		return of(REPLY, REQUEST_ID, request.number(REQUEST_ID), "body", body);
	}

	/**
	 * Returns a value as text.
	 * @param name the name of the value
	 * @return the value, or {@code null} if absent
	 */
	public String text(String name) {
		Object value = this.values.get(name);
		return (value != null) ? value.toString() : null;
	}

	/**
	 * Returns a value as a number.
	 * @param name the name of the value
	 * @return the value, or {@code -1} if absent or not a number
	 */
	public long number(String name) {
		Object value = this.values.get(name);
		return (value instanceof Number number) ? number.longValue() : -1;
	}

}
