package dev.rewind.bus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zeromq.ZMQ;

/**
 * A hub's CURVE secret key and the public keys of the clients it lets in, all as 40-character Z85 text.
 *
 * @param secretKey the hub's secret key
 * @param allowedClients the public keys of the clients allowed to connect
 */
public record CurveServerKeys(String secretKey, Set<String> allowedClients) {

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    /** A {@code name = "value"} line as ZCert writes; Z85 keys may hold {@code =}, so bare keys are told apart. */
    private static final Pattern NAMED = Pattern.compile("^[a-z-]+\\s*=\\s*\".*");

    /** Checks that every key is valid Z85 of a 32-byte key. */
    public CurveServerKeys {
        checkKey(secretKey, "the secret key");
        allowedClients = Set.copyOf(allowedClients);
        allowedClients.forEach(key -> checkKey(key, "allowed client key"));
    }

    /**
     * Reads the secret key file (a {@code secret-key = "..."} line as JeroMQ's {@code ZCert} writes, or a bare Z85 key
     * on its own line) and the allowed clients file (one Z85 public key per line; lines starting with {@code #} are
     * comments).
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static CurveServerKeys read(Path secretKeyFile, Path allowedClientsFile) {
        List<String> secretLines = lines(secretKeyFile);
        String secret = null;
        for (String line : secretLines) {
            if (line.startsWith("secret-key")) {
                secret = unquote(line);
            }
        }
        if (secret == null) {
            List<String> bare = secretLines.stream().filter(line -> !NAMED.matcher(line).matches()).toList();
            if (bare.size() != 1) {
                throw new IllegalArgumentException("CURVE secret key file " + secretKeyFile + " must hold one Z85"
                        + " secret key (a line 'secret-key = \"...\"' or the bare 40-character key); generate one"
                        + " with --generate-keys.");
            }
            secret = bare.get(0);
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (String line : lines(allowedClientsFile)) {
            allowed.add(NAMED.matcher(line).matches() ? unquote(line) : line);
        }
        try {
            return new CurveServerKeys(secret, allowed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (in " + secretKeyFile + " or "
                    + allowedClientsFile + ")");
        }
    }

    static void checkKey(String key, String what) {
        boolean valid = key != null && key.length() == ZMQ.Curve.KEY_SIZE_Z85;
        if (valid) {
            try {
                valid = ZMQ.Curve.z85Decode(key).length == ZMQ.Curve.KEY_SIZE;
            } catch (RuntimeException e) {
                valid = false;
            }
        }
        if (!valid) {
            throw new IllegalArgumentException("Not a CURVE key: " + what + " must be 40 characters of Z85 text, got '"
                    + key + "'");
        }
    }

    private static String unquote(String line) {
        Matcher matcher = QUOTED.matcher(line);
        return matcher.find() ? matcher.group(1) : line;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + file + " (" + e.getClass().getSimpleName()
                    + "); check the path and that the hub may read it");
        }
    }
}
