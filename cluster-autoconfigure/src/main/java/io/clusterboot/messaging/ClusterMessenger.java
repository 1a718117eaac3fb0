package io.clusterboot.messaging;

/**
 * Sends messages to the workers of the cluster, through the master. A message arrives in
 * each receiving worker as a {@link ClusterMessageEvent}, published in the order the
 * master forwarded them. Typical use: evicting a cache entry in every worker.
 * <p>
 * The payload travels as JSON, written and read with the application's Jackson
 * {@code JsonMapper}; a message and its payload must fit in 64 KiB. Delivery is best
 * effort: when the application sends faster than the workers take the messages, the
 * master drops some, and logs how many.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public interface ClusterMessenger {

	/**
	 * Sends a message to every ready worker, this one included.
	 * @param topic what the message is about, for listeners to pick theirs
	 * @param payload the payload, written as JSON
	 */
	void broadcast(String topic, Object payload);

	/**
	 * Sends a message to the worker of one slot.
	 * @param workerSlot the slot of the receiving worker ({@code cluster.worker.slot})
	 * @param topic what the message is about, for listeners to pick theirs
	 * @param payload the payload, written as JSON
	 */
	void send(int workerSlot, String topic, Object payload);

}
