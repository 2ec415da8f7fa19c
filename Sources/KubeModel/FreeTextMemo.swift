/// Long free text met again (see `PrefixMemo`): the String `freeText()` made of a string's
/// raw JSON bytes, quotes included. A watch sends an object whole on each change, so a
/// pod's long strings come again unchanged with every update of it: the last termination
/// message of each container (a stack trace of kilobytes), a waiting message, a
/// condition's message; and one Event message comes for pod after pod. Unescaping and
/// cleaning such a string each time was most of decoding those updates.
///
/// Strings shorter than 256 bytes cost less to decode than to look up; longer than 16 KiB
/// are not kept (the kubelet caps a termination message at 4 KiB): a few MB in all.
enum FreeTextMemo {
    static let shared = PrefixMemo<String>(hashedPrefix: shortest, longest: 16 << 10, setCount: 128, ways: 4)

    /// Every string kept is at least this long, quotes included, and its first this many bytes pick its set.
    static let shortest = 256
}
