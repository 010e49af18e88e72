package dev.rpc.benchmark.workload;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The message every contender echoes: a plain bean (no-argument constructor, getters and setters,
 * {@link Serializable} for Hessian), so that Jackson, Hessian 2 and every framework's defaults can carry it.
 * Fields: an int, a 20-character string, a list of 3 strings, and a blob ({@code null} when small).
 */
public class Payload implements Serializable {

    private static final long serialVersionUID = 1L;

    private int id;

    private String name;

    private List<String> tags;

    private String blob;

    /**
     * Creates an empty payload. The only constructor, on purpose: this module compiles with
     * {@code -parameters}, and Jackson 3 would take a constructor with named parameters as a properties-based
     * creator, which it calls through {@code MethodHandle.invokeWithArguments} on every call (a spreader is
     * built per call). The workload is a plain bean: no-argument constructor and setters.
     */
    public Payload() {
    }

    public int getId() {
        return id;
    }

    public void setId(int id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<String> getTags() {
        return tags;
    }

    public void setTags(List<String> tags) {
        this.tags = tags;
    }

    public String getBlob() {
        return blob;
    }

    public void setBlob(String blob) {
        this.blob = blob;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Payload that && id == that.id && Objects.equals(name, that.name)
                && Objects.equals(tags, that.tags) && Objects.equals(blob, that.blob);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, tags, blob == null ? 0 : blob.length());
    }

    @Override
    public String toString() {
        return "Payload[id=" + id + ", name=" + name + ", tags=" + tags + ", blob="
                + (blob == null ? "null" : blob.length() + " chars") + "]";
    }
}
