package io.clusterboot.demo.store.api;

import java.net.URI;
import java.util.List;

import io.clusterboot.demo.store.catalog.CatalogService;
import io.clusterboot.demo.store.catalog.Category;
import io.clusterboot.demo.store.catalog.RatingSummary;
import io.clusterboot.demo.store.order.OrderRequest;
import io.clusterboot.demo.store.order.OrderService;
import io.clusterboot.demo.store.order.ProductSales;
import io.clusterboot.demo.store.order.PurchaseOrder;
import jakarta.validation.Valid;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.data.web.PagedModel;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The JSON API of the store: the catalog, best sellers, and placing an order.
 *
 * @author ClusterBoot team
 */
@RestController
@RequestMapping("/api")
class StoreApiController {

	private final CatalogService catalog;

	private final OrderService orders;

	StoreApiController(CatalogService catalog, OrderService orders) {
		this.catalog = catalog;
		this.orders = orders;
	}

	@GetMapping("/products")
	PagedModel<ProductJson> products(@RequestParam(required = false) String category,
			@RequestParam(required = false) String q, @PageableDefault(size = 20, sort = "name") Pageable pageable) {
		return new PagedModel<>(this.catalog.products(category, q, pageable).map(ProductJson::of));
	}

	@GetMapping("/products/{id}")
	ProductDetails product(@PathVariable long id) {
		return new ProductDetails(ProductJson.of(this.catalog.product(id)), this.catalog.rating(id));
	}

	@GetMapping("/categories")
	List<CategoryJson> categories() {
		return this.catalog.categories().stream().map(CategoryJson::of).toList();
	}

	@GetMapping("/best-sellers")
	List<ProductSales> bestSellers() {
		return this.orders.bestSellers();
	}

	@PostMapping("/orders")
	ResponseEntity<OrderJson> placeOrder(@Valid @RequestBody OrderRequest request) {
		PurchaseOrder order = this.orders.place(request);
		URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/api/orders/{id}")
			.buildAndExpand(order.getId())
			.toUri();
		return ResponseEntity.created(location).body(OrderJson.of(order));
	}

	@GetMapping("/orders/{id}")
	OrderJson order(@PathVariable long id) {
		return OrderJson.of(this.orders.order(id));
	}

	record ProductDetails(ProductJson product, RatingSummary rating) {
	}

	record CategoryJson(String slug, String name, String description) {

		static CategoryJson of(Category category) {
			return new CategoryJson(category.getSlug(), category.getName(), category.getDescription());
		}

	}

}
