package io.clusterboot.internal.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.clusterboot.internal.messaging.SubscribableMessenger;
import io.clusterboot.messaging.ClusterMessageEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays the master for workers in one JVM: a broadcast reaches every worker that
 * subscribed, the sender too, at once, as JSON, the way the master forwards it.
 *
 * @author ClusterBoot team
 */
class FakeMessenger implements SubscribableMessenger {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final List<Consumer<ClusterMessageEvent>> workers = new ArrayList<>();

	private final List<String> sent = new ArrayList<>();

	@Override
	public void subscribe(String topic, Consumer<ClusterMessageEvent> receiver) {
		this.workers.add(receiver);
	}

	@Override
	public void broadcast(String topic, Object payload) {
		String json = this.mapper.writeValueAsString(payload);
		this.sent.add(json);
		for (Consumer<ClusterMessageEvent> worker : this.workers) {
			worker.accept(new ClusterMessageEvent(this, topic, 1, json, this.mapper));
		}
	}

	@Override
	public void send(int workerSlot, String topic, Object payload) {
		throw new UnsupportedOperationException();
	}

	/**
	 * Delivers a message as if another worker had sent it.
	 * @param invalidation the payload
	 */
	void deliver(CacheInvalidation invalidation) {
		String json = this.mapper.writeValueAsString(invalidation.fields());
		for (Consumer<ClusterMessageEvent> worker : this.workers) {
			worker.accept(new ClusterMessageEvent(this, CacheInvalidations.TOPIC, 1, json, this.mapper));
		}
	}

	List<String> sent() {
		return this.sent;
	}

}
