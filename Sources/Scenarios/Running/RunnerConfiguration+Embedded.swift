import Foundation
import Logging

extension RunnerConfiguration {
    /// The configuration using the test certificates carried by the binary
    /// (``TestCertificates``), written once into a private temporary folder.
    public static func embedded(logger: Logger = Logger(label: "postback-harness.runner")) throws
        -> RunnerConfiguration
    {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("postback-harness-tls-\(getpid())", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let files = [
            ("ca.pem", TestCertificates.caPEM), ("server.pem", TestCertificates.serverPEM),
            ("server-key.pem", TestCertificates.serverKeyPEM),
        ]
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            if !FileManager.default.fileExists(atPath: url.path) {
                try Data((text + "\n").utf8).write(to: url, options: .atomic)
            }
        }
        return RunnerConfiguration(
            tls: .init(
                certificateChain: folder.appendingPathComponent("server.pem").path,
                privateKey: folder.appendingPathComponent("server-key.pem").path),
            caFile: folder.appendingPathComponent("ca.pem").path, logger: logger)
    }
}
