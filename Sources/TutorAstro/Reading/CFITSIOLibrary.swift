#if canImport(Glibc)
import Glibc
#endif
import CFITSIO

/// The CFITSIO functions `FITSLightCurve` calls, looked up in Debian's libcfitsio when the first
/// FITS file is read instead of linked into tutor.
///
/// Why: libcfitsio brings libcurl and some thirty libraries more (TLS, Kerberos, LDAP), and
/// loading them cost every tutor process (the app, and each pool worker for every file search)
/// about 4.5 ms of its start (perf stat here, 2026-12), while most never read a FITS file.
/// The types and constants still come from CFITSIO's own header (the `CFITSIO` module).
struct CFITSIOLibrary: @unchecked Sendable {
    typealias File = UnsafeMutablePointer<fitsfile>
    typealias Status = UnsafeMutablePointer<Int32>
    typealias Count = UnsafeMutablePointer<Int32>

    let diskOpen: @convention(c) (UnsafeMutablePointer<File?>, UnsafePointer<CChar>, Int32, Status) -> Int32
    let close: @convention(c) (File, Status) -> Int32
    let rowCount: @convention(c) (File, UnsafeMutablePointer<Int>, Status) -> Int32
    let moveToNamed: @convention(c) (File, Int32, UnsafeMutablePointer<CChar>, Int32, Status) -> Int32
    let hduNumber: @convention(c) (File, Count) -> Int32
    let hduCount: @convention(c) (File, Count, Status) -> Int32
    let moveToNumber: @convention(c) (File, Int32, Count, Status) -> Int32
    let columnCount: @convention(c) (File, Count, Status) -> Int32
    let keyword: @convention(c) (File, UnsafePointer<CChar>, UnsafeMutablePointer<CChar>, UnsafeMutablePointer<CChar>?, Status) -> Int32
    let readColumn: @convention(c) (File, Int32, Int32, Int64, Int64, Int64, UnsafeMutableRawPointer, UnsafeMutableRawPointer,
                                    Count, Status) -> Int32
    let errorText: @convention(c) (Int32, UnsafeMutablePointer<CChar>) -> Void

    /// The library, or why it could not be loaded (in words for the student).
    static let shared: Result<CFITSIOLibrary, LoadFailure> = Result { () throws(LoadFailure) in try load() }

    struct LoadFailure: Error {
        let reason: String
    }

    /// The names Debian gives the library: the runtime package's, then the development link.
    private static let names = ["libcfitsio.so.10", "libcfitsio.so"]

    private static func load() throws(LoadFailure) -> CFITSIOLibrary {
        guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            throw LoadFailure(reason: "reading FITS needs CFITSIO, which is not installed "
                + "(Debian: apt-get install libcfitsio10; \(String(cString: dlerror())))")
        }
        func symbol<Function>(_ name: String) throws(LoadFailure) -> Function {
            guard let address = dlsym(handle, name) else {
                throw LoadFailure(reason: "the installed CFITSIO has no \(name): install Debian's libcfitsio10")
            }
            return unsafeBitCast(address, to: Function.self)
        }
        return CFITSIOLibrary(
            diskOpen: try symbol("ffdkopn"), close: try symbol("ffclos"), rowCount: try symbol("ffgnrw"),
            moveToNamed: try symbol("ffmnhd"), hduNumber: try symbol("ffghdn"), hduCount: try symbol("ffthdu"),
            moveToNumber: try symbol("ffmahd"), columnCount: try symbol("ffgncl"), keyword: try symbol("ffgkys"),
            readColumn: try symbol("ffgcv"), errorText: try symbol("ffgerr"))
    }
}
