// Peer is clientauth conform's SunJSSE driver (package conform compiles it
// with javac at run time). One process is one peer:
//
//   java Peer server PROTOCOL KEYSTORE.p12 PASSWORD CA.pem
//     listens on 127.0.0.1 (a free port, printed as "LISTENING port"),
//     requires a client certificate, answers each request once the
//     handshake is through, until killed;
//   java Peer client PROTOCOL KEYSTORE.p12 PASSWORD CA.pem HOST PORT [SUITE]
//     makes one handshake (offering only SUITE when given), presenting its
//     certificate when asked, then reads until the server closes.
//
// PROTOCOL is a JSSE name (TLSv1 ... TLSv1.3). A failure is printed on
// stderr as "FAILED: " and the exception chain (JSSE names the alert it
// sent or received there); a client exits 1 on it, 0 after a handshake.
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

public final class Peer {
    // Every socket read ends here at the latest, so that a peer the runner
    // stopped waiting for still exits on its own.
    private static final int SO_TIMEOUT_MS = 30000;

    public static void main(String[] args) throws Exception {
        if (args.length < 5 || !(args[0].equals("server") || args[0].equals("client") && args.length >= 7)) {
            System.err.println("usage: Peer server|client PROTOCOL KEYSTORE.p12 PASSWORD CA.pem [HOST PORT [SUITE]]");
            System.exit(2);
        }
        SSLContext ctx = context(args[2], args[3].toCharArray(), args[4]);
        String[] protocols = {args[1]};
        if (args[0].equals("server")) {
            serve(ctx, protocols);
            return;
        }
        String suite = args.length > 7 ? args[7] : null;
        System.exit(connect(ctx, protocols, args[5], Integer.parseInt(args[6]), suite));
    }

    private static SSLContext context(String p12, char[] pw, String caFile) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(p12)) {
            keys.load(in, pw);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, pw);
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = new FileInputStream(caFile)) {
            int i = 0;
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca" + i++, (X509Certificate) c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static void serve(SSLContext ctx, String[] protocols) throws Exception {
        SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ss.setEnabledProtocols(protocols);
        ss.setNeedClientAuth(true);
        System.out.println("LISTENING " + ss.getLocalPort());
        System.out.flush();
        for (;;) {
            SSLSocket s = (SSLSocket) ss.accept();
            Thread t = new Thread(() -> answer(s));
            t.setDaemon(true);
            t.start();
        }
    }

    private static void answer(SSLSocket s) {
        try (s) {
            s.setSoTimeout(SO_TIMEOUT_MS);
            s.startHandshake();
            InputStream in = s.getInputStream();
            if (in.read(new byte[256]) > 0) {
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.0 200 OK\r\n\r\nclientauth conform\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (Exception e) {
            failed(e);
        }
    }

    private static int connect(SSLContext ctx, String[] protocols, String host, int port, String suite) {
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(host, port)) {
            s.setSoTimeout(SO_TIMEOUT_MS);
            s.setEnabledProtocols(protocols);
            if (suite != null) {
                s.setEnabledCipherSuites(new String[] {suite});
            }
            s.startHandshake();
            System.out.println("HANDSHAKE " + s.getSession().getProtocol() + " " + s.getSession().getCipherSuite());
            System.out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[256];
            while (in.read(buf) >= 0) {
            }
            return 0;
        } catch (Exception e) {
            failed(e);
            return 1;
        }
    }

    private static void failed(Exception e) {
        StringBuilder b = new StringBuilder("FAILED:");
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(' ').append(t);
        }
        System.err.println(b);
        System.err.flush();
    }
}
