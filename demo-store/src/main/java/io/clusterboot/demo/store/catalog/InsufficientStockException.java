package io.clusterboot.demo.store.catalog;

/**
 * Thrown when an order asks for more of a product than is in stock.
 *
 * @author ClusterBoot team
 */
public class InsufficientStockException extends RuntimeException {

	private final long productId;

	private final int available;

	InsufficientStockException(Product product, int requested) {
		super("Only " + product.getStock() + " of " + product.getName() + " in stock, " + requested + " requested");
		this.productId = product.getId();
		this.available = product.getStock();
	}

	public long getProductId() {
		return this.productId;
	}

	public int getAvailable() {
		return this.available;
	}

}
