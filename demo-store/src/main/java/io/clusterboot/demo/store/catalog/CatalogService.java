package io.clusterboot.demo.store.catalog;

import java.util.List;

import io.clusterboot.demo.store.StoreProperties;
import io.clusterboot.demo.store.database.RetryOnTransientFailure;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

/**
 * Browsing the catalog and reviewing its products.
 *
 * @author ClusterBoot team
 */
@Service
@RetryOnTransientFailure
@Transactional(readOnly = true)
public class CatalogService {

	private final CategoryRepository categories;

	private final ProductRepository products;

	private final ReviewRepository reviews;

	private final StoreProperties properties;

	CatalogService(CategoryRepository categories, ProductRepository products, ReviewRepository reviews,
			StoreProperties properties) {
		this.categories = categories;
		this.products = products;
		this.reviews = reviews;
		this.properties = properties;
	}

	/**
	 * A page of the active products, optionally of one category or matching a text.
	 * @param category the slug of a category, or {@code null} for all
	 * @param text a text to look for in names and descriptions, or {@code null}
	 * @param pageable the page
	 * @return the products, with their category
	 */
	public Page<Product> products(String category, String text, Pageable pageable) {
		if (StringUtils.hasText(text)) {
			return this.products.search(text.strip(), pageable);
		}
		if (StringUtils.hasText(category)) {
			return this.products.findByActiveTrueAndCategorySlug(category, pageable);
		}
		return this.products.findByActiveTrue(pageable);
	}

	/**
	 * An active product, with its category.
	 * @param id the id of the product
	 * @return the product
	 * @throws ProductNotFoundException if there is no such active product
	 */
	public Product product(long id) {
		return this.products.findDetailsById(id).orElseThrow(() -> new ProductNotFoundException(id));
	}

	@Cacheable("categories")
	public List<Category> categories() {
		return this.categories.findAllByOrderByNameAsc();
	}

	@Cacheable(cacheNames = "ratings", key = "#productId")
	public RatingSummary rating(long productId) {
		return this.reviews.summarize(productId);
	}

	public List<Review> latestReviews(long productId) {
		return this.reviews.findTop10ByProductIdOrderByCreatedAtDesc(productId);
	}

	public List<Product> lowOnStock() {
		return this.products.findLowOnStock(this.properties.lowStockThreshold());
	}

	/**
	 * Adds a review to an active product.
	 * @param productId the id of the product
	 * @param form the review
	 * @return the saved review
	 */
	@Transactional
	@CacheEvict(cacheNames = "ratings", key = "#productId")
	public Review addReview(long productId, ReviewForm form) {
		Product product = product(productId);
		String comment = StringUtils.hasText(form.getComment()) ? form.getComment().strip() : null;
		return this.reviews.save(new Review(product, form.getAuthor().strip(), form.getRating(), comment));
	}

}
