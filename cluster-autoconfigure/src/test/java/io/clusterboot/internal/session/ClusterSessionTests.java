package io.clusterboot.internal.session;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.session.UuidSessionIdGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ClusterSession}.
 *
 * @author ClusterBoot team
 */
class ClusterSessionTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(30);

	private final SessionAttributeSerializer serializer = new SessionAttributeSerializer(getClass().getClassLoader());

	@Test
	void newSessionShouldSendEverythingAndAskToBeCreated() {
		ClusterSession session = create();
		session.setAttribute("user", "alice");
		session.setAttribute("gone", "x");
		session.removeAttribute("gone");
		SessionChange change = session.changes();
		assertThat(change.created()).isTrue();
		assertThat(change.id()).isEqualTo(session.getId());
		assertThat(change.previousId()).isNull();
		assertThat(change.creationTime()).isEqualTo(session.getCreationTime());
		assertThat(change.maxInactiveInterval()).isEqualTo(TIMEOUT);
		assertThat(change.changedAttributes()).containsOnlyKeys("user");
		assertThat(change.removedAttributes()).isEmpty();
	}

	@Test
	void storedSessionShouldSendOnlyWhatTheRequestChanged() {
		ClusterSession session = stored(Map.of("user", "alice", "cart", "3 items", "flash", "saved"));
		assertThat((String) session.getAttribute("user")).isEqualTo("alice");
		session.setAttribute("cart", "4 items");
		session.removeAttribute("flash");
		session.removeAttribute("never-there");
		SessionChange change = session.changes();
		assertThat(change.created()).isFalse();
		assertThat(change.changedAttributes()).containsOnlyKeys("cart");
		assertThat(this.serializer.deserialize("cart", change.changedAttributes().get("cart"))).isEqualTo("4 items");
		assertThat(change.removedAttributes()).containsOnly("flash");
		assertThat(session.getAttributeNames()).containsOnly("user", "cart");
	}

	@Test
	void lastAccessAloneShouldStillBeSaved() {
		ClusterSession session = stored(Map.of("user", "alice"));
		Instant now = Instant.now();
		session.setLastAccessedTime(now);
		SessionChange change = session.changes();
		assertThat(change.lastAccessedTime()).isEqualTo(now);
		assertThat(change.changedAttributes()).isEmpty();
	}

	@Test
	void savedSessionWithoutChangesShouldSendNothing() {
		ClusterSession session = create();
		session.setAttribute("user", "alice");
		session.saved(session.applied(session.changes()));
		assertThat(session.changes()).isNull();
		session.setAttribute("user", "bob");
		assertThat(session.changes().created()).isFalse();
		assertThat(session.changes().changedAttributes()).containsOnlyKeys("user");
	}

	@Test
	void changedIdShouldNameTheStoredOne() {
		ClusterSession session = stored(Map.of());
		String stored = session.getId();
		String changed = session.changeSessionId();
		assertThat(changed).isNotEqualTo(stored).isEqualTo(session.getId());
		assertThat(session.changes().previousId()).isEqualTo(stored);
		assertThat(session.changes().id()).isEqualTo(changed);
		session.saved(session.applied(session.changes()));
		session.setAttribute("user", "alice");
		assertThat(session.changes().previousId()).isNull();
	}

	@Test
	void changedIdOfANewSessionShouldJustCreateIt() {
		ClusterSession session = create();
		session.changeSessionId();
		assertThat(session.changes().previousId()).isNull();
		assertThat(session.changes().created()).isTrue();
	}

	@Test
	void attributeThatIsNotSerializableShouldFailWhereItIsSet() {
		ClusterSession session = create();
		assertThatIllegalArgumentException().isThrownBy(() -> session.setAttribute("cart", new Cart()))
			.withMessage("Session attribute 'cart' of type " + Cart.class.getName()
					+ " cannot be stored in the cluster's session store: it is not Serializable");
		assertThat(session.getAttributeNames()).isEmpty();
	}

	@Test
	void attributeHoldingWhatIsNotSerializableShouldFailWhereItIsSet() {
		ClusterSession session = create();
		assertThatIllegalArgumentException().isThrownBy(() -> session.setAttribute("items", new Items(new Cart())))
			.withMessageStartingWith("Session attribute 'items' of type " + Items.class.getName()
					+ " cannot be stored in the cluster's session store: it holds what cannot be serialized "
					+ "(java.io.NotSerializableException: " + Cart.class.getName() + ")");
	}

	@Test
	void attributeChangedAfterItWasSetShouldFailAtTheSave() {
		ClusterSession session = create();
		Items items = new Items(null);
		session.setAttribute("items", items);
		items.add(new Cart());
		assertThatIllegalArgumentException().isThrownBy(session::changes)
			.withMessageStartingWith("Session attribute 'items' of type " + Items.class.getName());
	}

	@Test
	void storedAttributesShouldBeReadOnlyWhenTheRequestReadsThem() {
		StoredSession stored = new StoredSession("s", Instant.now(), Instant.now(), TIMEOUT,
				Map.of("user", this.serializer.serialize("user", "alice"), "old", new byte[] { 1, 2, 3 }));
		ClusterSession session = ClusterSession.of(this.serializer, UuidSessionIdGenerator.getInstance(), stored);
		assertThat(session.getAttributeNames()).containsOnly("user", "old");
		assertThat((String) session.getAttribute("user")).isEqualTo("alice");
		session.setLastAccessedTime(Instant.now());
		assertThat(session.changes().changedAttributes()).isEmpty();
		assertThatIllegalStateException().isThrownBy(() -> session.getAttribute("old"))
			.withMessageStartingWith("Session attribute 'old' cannot be read from the cluster's session store: "
					+ "its class is missing or changed since it was stored");
	}

	@Test
	void sessionShouldExpireAfterItsInactiveIntervalSinceItsLastAccess() {
		ClusterSession session = create();
		session.setLastAccessedTime(Instant.now().minus(TIMEOUT).plusSeconds(10));
		assertThat(session.isExpired()).isFalse();
		session.setLastAccessedTime(Instant.now().minus(TIMEOUT));
		assertThat(session.isExpired()).isTrue();
		session.setMaxInactiveInterval(Duration.ofSeconds(-1));
		assertThat(session.isExpired()).isFalse();
	}

	private ClusterSession create() {
		return ClusterSession.create(this.serializer, UuidSessionIdGenerator.getInstance(), TIMEOUT);
	}

	private ClusterSession stored(Map<String, String> attributes) {
		ClusterSession created = create();
		attributes.forEach(created::setAttribute);
		SessionChange change = created.changes();
		return ClusterSession.of(this.serializer, UuidSessionIdGenerator.getInstance(), StoredSession.create(change));
	}

	static class Cart {

	}

	static class Items implements Serializable {

		private final List<Object> items = new ArrayList<>();

		Items(Object item) {
			if (item != null) {
				this.items.add(item);
			}
		}

		void add(Object item) {
			this.items.add(item);
		}

	}

}
