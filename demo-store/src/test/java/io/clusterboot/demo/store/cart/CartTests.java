package io.clusterboot.demo.store.cart;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The cart as a value: adding merges lines of one product up to the most an order line
 * takes, removing drops a line, and it travels through serialization as a session store
 * writes it.
 *
 * @author ClusterBoot team
 */
class CartTests {

	@Test
	void addingKeepsTheOrderOfFirstAdditionAndMergesQuantities() {
		Cart cart = Cart.EMPTY.add(7, 2).add(3, 1).add(7, 3);

		assertThat(cart.lines()).containsExactly(new Cart.Line(7, 5), new Cart.Line(3, 1));
		assertThat(cart.count()).isEqualTo(6);
		assertThat(cart.quantityOf(7)).isEqualTo(5);
		assertThat(cart.quantityOf(9)).isZero();
	}

	@Test
	void aProductGoesUpToTheMostAnOrderLineTakes() {
		Cart cart = Cart.EMPTY.add(1, 8).add(1, 8);

		assertThat(cart.quantityOf(1)).isEqualTo(Cart.MAX_QUANTITY);
	}

	@Test
	void aChangeGivesANewCartAndLeavesTheOldOne() {
		Cart one = Cart.EMPTY.add(1, 1);

		Cart two = one.add(2, 1).remove(1);

		assertThat(one.lines()).containsExactly(new Cart.Line(1, 1));
		assertThat(two.lines()).containsExactly(new Cart.Line(2, 1));
		assertThat(two.remove(2).isEmpty()).isTrue();
		assertThat(Cart.EMPTY.isEmpty()).isTrue();
	}

	@Test
	void quantityMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> Cart.EMPTY.add(1, 0));
	}

	@Test
	void serializesSmall() throws IOException, ClassNotFoundException {
		Cart cart = Cart.EMPTY.add(1, 2).add(2, 1).add(3, 4);

		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(cart);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			assertThat(in.readObject()).isEqualTo(cart);
		}
		assertThat(bytes.size()).as("serialized size").isLessThan(512);
	}

}
