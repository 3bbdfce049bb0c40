package dev.rewind.bus;

/**
 * What a client needs to reach a CURVE-secured hub: the hub's public key and the client's own key pair, as Z85 text.
 *
 * @param serverPublicKey the hub's public key
 * @param publicKey this client's public key (the hub must list it as allowed)
 * @param secretKey this client's secret key
 */
public record CurveClientKeys(String serverPublicKey, String publicKey, String secretKey) {

    /** Checks that every key is valid Z85 of a 32-byte key. */
    public CurveClientKeys {
        CurveServerKeys.checkKey(serverPublicKey, "the server public key");
        CurveServerKeys.checkKey(publicKey, "the client public key");
        CurveServerKeys.checkKey(secretKey, "the client secret key");
    }
}
