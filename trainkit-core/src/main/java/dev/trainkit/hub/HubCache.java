package dev.trainkit.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * torch.hub's checkpoint cache: {@code $TORCH_HOME/hub/checkpoints}, where {@code TORCH_HOME}
 * defaults to {@code $XDG_CACHE_HOME/torch}, itself defaulting to {@code ~/.cache/torch}. Files keep
 * the URL's base name, as torchvision saves them, so weights a Python user already downloaded are
 * found and not fetched again.
 *
 * <pre>{@code
 * HubCache cache = HubCache.defaultCache();
 * Path w = cache.get("https://download.pytorch.org/models/resnet18-f37072fd.pth", new Downloader());
 * //   torch.hub.load_state_dict_from_url(url, check_hash=True) (as torchvision calls it), minus the load
 * }</pre>
 */
public final class HubCache {
    /** torch.hub's HASH_REGEX: the hex after a '-' and before a '.', e.g. resnet18-f37072fd.pth. */
    private static final Pattern HASH = Pattern.compile("-([a-f0-9]*)\\.");

    private final Path dir;

    /** A cache in {@code dir} (the {@code checkpoints} directory itself). */
    public HubCache(Path dir) {
        this.dir = dir;
    }

    /** The cache torch.hub uses for this user and environment. */
    public static HubCache defaultCache() {
        return new HubCache(checkpointsDir(System.getenv(), System.getProperty("user.home")));
    }

    /** {@code torch.hub.get_dir() + "/checkpoints"} for the given environment and home directory. */
    static Path checkpointsDir(Map<String, String> env, String home) {
        String torchHome = env.get("TORCH_HOME");
        Path th;
        if (torchHome != null && !torchHome.isEmpty()) {
            th = expandUser(torchHome, home);
        } else {
            String xdg = env.get("XDG_CACHE_HOME");
            th = (xdg != null && !xdg.isEmpty() ? expandUser(xdg, home) : Path.of(home, ".cache")).resolve("torch");
        }
        return th.resolve("hub").resolve("checkpoints");
    }

    private static Path expandUser(String p, String home) {
        return p.equals("~") ? Path.of(home) : p.startsWith("~/") ? Path.of(home, p.substring(2)) : Path.of(p);
    }

    /** The checkpoints directory. */
    public Path dir() {
        return dir;
    }

    /**
     * The file name torch.hub gives a URL: the base name of its path, query ignored.
     *
     * @throws IllegalArgumentException if the URL has no file name
     */
    public static String fileName(String url) {
        String path;
        try {
            path = URI.create(url).getPath();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url: '" + url + "' is not a valid URL: " + e.getMessage(), e);
        }
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("url: expected a URL ending in a file name, got '" + url + "'");
        }
        return name;
    }

    /** The SHA-256 prefix a torchvision file name carries ({@code resnet18-f37072fd.pth} → {@code f37072fd}). */
    public static Optional<String> hashPrefix(String fileName) {
        Matcher m = HASH.matcher(fileName);
        return m.find() && !m.group(1).isEmpty() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Where the file for {@code url} lives in this cache (whether or not it exists). */
    public Path pathFor(String url) {
        return dir.resolve(fileName(url));
    }

    /** The cached file for {@code url}, if present. */
    public Optional<Path> find(String url) {
        Path p = pathFor(url);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * The cached file for {@code url}, downloading it first if absent and checking the SHA-256 prefix in
     * its name (torchvision's {@code check_hash=True}).
     */
    public Path get(String url, Downloader downloader) throws IOException {
        Optional<Path> hit = find(url);
        if (hit.isPresent()) {
            return hit.get();
        }
        return downloader.download(url, pathFor(url), hashPrefix(fileName(url)).orElse(null));
    }
}
