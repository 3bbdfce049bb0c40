package dev.rewind.bus.internal.security;

import dev.rewind.bus.CurveClientKeys;
import dev.rewind.bus.CurveServerKeys;
import org.zeromq.ZMQ;

/** Puts CURVE keys on sockets; called by the thread that owns the socket, before it binds or connects. */
public final class Curve {

    private Curve() {
    }

    /** Makes {@code socket} a CURVE server with the hub's secret key; the {@link ZapHandler} checks clients. */
    public static void serve(ZMQ.Socket socket, CurveServerKeys keys) {
        socket.setCurveServer(true);
        socket.setCurveSecretKey(ZMQ.Curve.z85Decode(keys.secretKey()));
    }

    /** Makes {@code socket} a CURVE client of the server whose public key {@code keys} names. */
    public static void connect(ZMQ.Socket socket, CurveClientKeys keys) {
        socket.setCurveServerKey(ZMQ.Curve.z85Decode(keys.serverPublicKey()));
        socket.setCurvePublicKey(ZMQ.Curve.z85Decode(keys.publicKey()));
        socket.setCurveSecretKey(ZMQ.Curve.z85Decode(keys.secretKey()));
    }

    /** Whether a client's 32-byte public key is among the allowed ones. */
    static boolean allows(CurveServerKeys keys, byte[] clientPublicKey) {
        return clientPublicKey.length == ZMQ.Curve.KEY_SIZE
                && keys.allowedClients().contains(ZMQ.Curve.z85Encode(clientPublicKey));
    }
}
