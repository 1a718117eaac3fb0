package io.clusterboot.internal.cache;

import java.util.ArrayList;
import java.util.List;

import io.clusterboot.messaging.ClusterMessageEvent;
import io.clusterboot.messaging.ClusterMessenger;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays the master for workers in one JVM: a broadcast reaches every worker, the sender
 * too, at once, as JSON, the way the master forwards it.
 *
 * @author ClusterBoot team
 */
class FakeMessenger implements ClusterMessenger {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final List<CacheInvalidations> workers = new ArrayList<>();

	private final List<String> sent = new ArrayList<>();

	void join(CacheInvalidations worker) {
		this.workers.add(worker);
	}

	@Override
	public void broadcast(String topic, Object payload) {
		String json = this.mapper.writeValueAsString(payload);
		this.sent.add(json);
		for (CacheInvalidations worker : this.workers) {
			worker.onApplicationEvent(new ClusterMessageEvent(this, topic, 1, json, this.mapper));
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
		String json = this.mapper.writeValueAsString(invalidation);
		for (CacheInvalidations worker : this.workers) {
			worker.onApplicationEvent(
					new ClusterMessageEvent(this, CacheInvalidations.TOPIC, 1, json, this.mapper));
		}
	}

	List<String> sent() {
		return this.sent;
	}

}
