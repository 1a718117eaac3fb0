package io.clusterboot.internal.messaging;

import java.util.function.Consumer;

import io.clusterboot.messaging.ClusterMessageEvent;
import io.clusterboot.messaging.ClusterMessenger;

/**
 * A {@link ClusterMessenger} whose topics ClusterBoot can take for its own: their
 * messages go to ClusterBoot's receiver and are not published as events, so that the
 * application's listeners, which may read any message's payload as theirs, never see
 * them.
 *
 * @author ClusterBoot team
 */
public interface SubscribableMessenger extends ClusterMessenger {

	/**
	 * Passes the messages of a topic to a receiver instead of publishing them, one at a
	 * time, in the order they arrive, on the thread that publishes the others.
	 * @param topic the topic
	 * @param receiver the receiver
	 */
	void subscribe(String topic, Consumer<ClusterMessageEvent> receiver);

}
