package io.clusterboot.demo.store.cart;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a customer means to buy: products and quantities, kept in the HTTP session. A
 * value, never changed in place: each change gives a new cart for the caller to store,
 * so that a session store that saves what is set (rather than what is changed) sees
 * it. Serializable and small, a few bytes a line, like everything a session holds.
 *
 * @param lines the lines, in the order their products were first added
 * @author ClusterBoot team
 */
public record Cart(List<Line> lines) implements Serializable {

	/** At most this many of one product, as the line of an order allows. */
	public static final int MAX_QUANTITY = 10;

	/** The empty cart. */
	public static final Cart EMPTY = new Cart(List.of());

	public Cart {
		lines = List.copyOf(lines);
	}

	/**
	 * This cart with more of a product, up to {@value #MAX_QUANTITY} of it.
	 * @param productId the id of the product
	 * @param quantity how many more
	 * @return the new cart
	 */
	public Cart add(long productId, int quantity) {
		if (quantity < 1) {
			throw new IllegalArgumentException("Quantity " + quantity + " is not positive");
		}
		List<Line> added = new ArrayList<>(this.lines);
		int index = indexOf(productId);
		if (index < 0) {
			added.add(new Line(productId, Math.min(quantity, MAX_QUANTITY)));
		}
		else {
			added.set(index, new Line(productId, Math.min(added.get(index).quantity() + quantity, MAX_QUANTITY)));
		}
		return new Cart(added);
	}

	/**
	 * This cart without a product.
	 * @param productId the id of the product
	 * @return the new cart
	 */
	public Cart remove(long productId) {
		return new Cart(this.lines.stream().filter((line) -> line.productId() != productId).toList());
	}

	/**
	 * How many of a product this cart holds.
	 * @param productId the id of the product
	 * @return the quantity, 0 if none
	 */
	public int quantityOf(long productId) {
		int index = indexOf(productId);
		return (index < 0) ? 0 : this.lines.get(index).quantity();
	}

	/**
	 * How many articles this cart holds, all products together.
	 * @return the sum of the quantities
	 */
	public int count() {
		return this.lines.stream().mapToInt(Line::quantity).sum();
	}

	public boolean isEmpty() {
		return this.lines.isEmpty();
	}

	private int indexOf(long productId) {
		for (int i = 0; i < this.lines.size(); i++) {
			if (this.lines.get(i).productId() == productId) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * A product and how many of it.
	 *
	 * @param productId the id of the product
	 * @param quantity the quantity, at least 1
	 */
	public record Line(long productId, int quantity) implements Serializable {

	}

}
