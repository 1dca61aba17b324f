package org.counterpart.shared;

import java.util.List;

/** One page of a filtered list, with the total the filter matched. */
public record Page<T>(List<T> items, int page, int size, long total) {

    /** The largest page a client may ask for. */
    public static final int MAX_SIZE = 500;

    /** The highest page number (from 0) a client may ask for: with {@link #MAX_SIZE} its offset still fits an int. */
    public static final int MAX_PAGE = 1_000_000;

    /** Refuses a page number below 0 or a size outside 1 to {@link #MAX_SIZE}, naming the parameter. */
    public static void checkRequest(int page, int size) {
        if (page < 0 || page > MAX_PAGE) {
            throw new InvalidInputException("page", "page.invalid", MAX_PAGE);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidInputException("size", "api.size.invalid", MAX_SIZE);
        }
    }

    /** The first row of a page, the page number held between 0 and {@link #MAX_PAGE}; never overflows. */
    public static long offset(int page, int size) {
        return (long) Math.max(0, Math.min(page, MAX_PAGE)) * Math.max(0, size);
    }

    public int pages() {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return page + 1 < pages();
    }

    public static <T> Page<T> of(List<T> all, int page, int size) {
        int from = (int) Math.min(all.size(), offset(page, size));
        int to = Math.min(all.size(), from + size);
        return new Page<>(all.subList(from, to), Math.max(0, page), size, all.size());
    }
}
