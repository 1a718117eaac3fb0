package io.clusterboot.demo.store.order;

import java.time.Instant;
import java.util.List;

import io.clusterboot.demo.store.StoreProperties;
import io.clusterboot.demo.store.catalog.InsufficientStockException;
import io.clusterboot.demo.store.catalog.Product;
import io.clusterboot.demo.store.catalog.ProductNotFoundException;
import io.clusterboot.demo.store.catalog.ProductRepository;
import io.clusterboot.demo.store.customer.Address;
import io.clusterboot.demo.store.customer.Customer;
import io.clusterboot.demo.store.customer.CustomerRepository;
import io.clusterboot.demo.store.database.RetryOnTransientFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Placing orders and reading them back.
 *
 * @author ClusterBoot team
 */
@Service
@RetryOnTransientFailure
@Transactional(readOnly = true)
public class OrderService {

	private final OrderRepository orders;

	private final ProductRepository products;

	private final CustomerRepository customers;

	private final StoreProperties properties;

	private final Counter placed;

	OrderService(OrderRepository orders, ProductRepository products, CustomerRepository customers,
			StoreProperties properties, MeterRegistry registry) {
		this.orders = orders;
		this.products = products;
		this.customers = customers;
		this.properties = properties;
		this.placed = Counter.builder("store.orders.placed").description("Orders placed").register(registry);
	}

	/**
	 * Places an order, for a known customer or a new one, and takes what it orders out of
	 * stock. Nothing is saved unless every line can be served.
	 * @param request the order
	 * @return the placed order
	 * @throws ProductNotFoundException if a product is not in the catalog
	 * @throws InsufficientStockException if a product is not in stock in that quantity
	 */
	@Transactional
	@CacheEvict(cacheNames = "bestSellers", allEntries = true)
	public PurchaseOrder place(OrderRequest request) {
		Address address = new Address(request.street().strip(), request.city().strip(), request.postalCode().strip(),
				request.country());
		Customer customer = this.customers.findByEmailIgnoreCase(request.email().strip())
			.orElseGet(() -> new Customer(request.email().strip(), request.name().strip(), address));
		customer.update(request.name().strip(), address);
		PurchaseOrder order = new PurchaseOrder(this.customers.save(customer));
		for (OrderRequest.Line line : request.lines()) {
			Product product = this.products.findById(line.productId())
				.filter(Product::isActive)
				.orElseThrow(() -> new ProductNotFoundException(line.productId()));
			order.add(product, line.quantity());
		}
		// every write now, not at the commit: a lost connection before the commit is retried
		// (RetryOnTransientFailure), one during the commit is not
		PurchaseOrder saved = this.orders.saveAndFlush(order);
		this.placed.increment();
		return saved;
	}

	/**
	 * An order with its customer, lines and their products.
	 * @param id the id of the order
	 * @return the order
	 * @throws OrderNotFoundException if there is no such order
	 */
	public PurchaseOrder order(long id) {
		return this.orders.findDetailsById(id).orElseThrow(() -> new OrderNotFoundException(id));
	}

	/**
	 * An order of a customer who can log in, with its lines and their products.
	 * @param username the user name of the customer
	 * @param id the id of the order
	 * @return the order
	 * @throws OrderNotFoundException if that customer has no such order
	 */
	public PurchaseOrder orderOf(String username, long id) {
		return this.orders.findDetailsById(id)
			.filter((order) -> username.equals(order.getCustomer().getUsername()))
			.orElseThrow(() -> new OrderNotFoundException(id));
	}

	/**
	 * The orders of a customer who can log in, the latest first.
	 * @param username the user name of the customer
	 * @param pageable the page
	 * @return the orders, with their customer
	 */
	public Page<PurchaseOrder> latestOf(String username, Pageable pageable) {
		return this.orders.findByCustomerUsernameOrderByPlacedAtDesc(username, pageable);
	}

	@Cacheable("bestSellers")
	public List<ProductSales> bestSellers() {
		return this.orders.findBestSellers(Limit.of(this.properties.bestSellers()));
	}

	public SalesSummary salesSince(Instant since) {
		return this.orders.summarizeSince(since);
	}

}
