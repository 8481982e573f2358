package luabind

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
)

// textEncoding is a file encoding named by a script's `encoding` option.
// A nil enc is UTF-8, which is checked but needs no conversion.
type textEncoding struct {
	name string
	enc  encoding.Encoding
}

func (e textEncoding) unicode() bool {
	return e.enc == nil || strings.HasPrefix(e.name, "utf-16")
}

// lookupEncoding resolves a script's encoding name through IANA's
// registry, where "latin1" is ISO 8859-1 itself (htmlindex, following
// browsers, would give windows-1252). UTF-16 is resolved here
// rather than through the IANA index so that "utf-16" means what Excel's
// "Unicode Text" is (little-endian with a byte-order mark, required on
// read) and the -le/-be forms need none.
func lookupEncoding(name string) (textEncoding, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	switch key {
	case "", "utf-8", "utf8":
		return textEncoding{name: "utf-8"}, nil
	case "utf-16", "utf16":
		return textEncoding{"utf-16", unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)}, nil
	case "utf-16le":
		return textEncoding{"utf-16le", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)}, nil
	case "utf-16be":
		return textEncoding{"utf-16be", unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)}, nil
	case "cp1252":
		key = "windows-1252" // Microsoft's own name; IANA lists only windows-1252
	}
	enc, err := ianaindex.IANA.Encoding(key)
	if err != nil || enc == nil {
		return textEncoding{}, fmt.Errorf("unknown encoding %q (try \"utf-8\", \"latin1\", \"windows-1252\" or \"utf-16\")", name)
	}
	return textEncoding{key, enc}, nil
}

// decodeText turns a file's bytes into UTF-8. A byte-order mark decides
// the encoding whatever was asked, as the WHATWG Encoding Standard's
// "decode" does, and is dropped. Bytes that are not text in the encoding
// are an error at their line and column (in characters), never U+FFFD.
func decodeText(b []byte, te textEncoding) (string, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		te, b = textEncoding{name: "utf-8"}, b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		te, b = textEncoding{"utf-16le", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)}, b[2:]
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		te, b = textEncoding{"utf-16be", unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)}, b[2:]
	case te.name == "utf-16":
		return "", errors.New("starts with no UTF-16 byte-order mark: give encoding \"utf-16le\" or \"utf-16be\"")
	}
	if te.enc == nil {
		if i := invalidUTF8(b); i >= 0 {
			line, col := position(b[:i])
			return "", &posError{line, col, fmt.Sprintf("byte 0x%02X is not valid UTF-8: give the file's encoding, e.g. {encoding = \"latin1\"} or \"windows-1252\"", b[i])}
		}
		return string(b), nil
	}
	if strings.HasPrefix(te.name, "utf-16") && len(b)%2 != 0 {
		return "", errors.New("UTF-16 file has an odd number of bytes")
	}
	out, err := te.enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", fmt.Errorf("not %s: %w", te.name, err)
	}
	// x/text decoders put U+FFFD where the input has no character: bytes a
	// code page leaves undefined, lone UTF-16 surrogates.
	if i := bytes.IndexRune(out, utf8.RuneError); i >= 0 {
		line, col := position(out[:i])
		return "", &posError{line, col, "bytes that are not " + te.name + " text"}
	}
	return string(out), nil
}

// encodeText converts UTF-8 text to the encoding; check has vetted every
// character already.
func encodeText(s []byte, te textEncoding) ([]byte, error) {
	if te.enc == nil {
		return s, nil
	}
	return te.enc.NewEncoder().Bytes(s)
}

// unencodable says why s cannot be written in the encoding, or "".
func unencodable(s string, te textEncoding) string {
	if i := invalidUTF8([]byte(s)); i >= 0 {
		return fmt.Sprintf("byte 0x%02X at offset %d is not UTF-8 text", s[i], i+1)
	}
	if te.unicode() {
		return ""
	}
	if _, err := te.enc.NewEncoder().String(s); err == nil {
		return ""
	}
	enc := te.enc.NewEncoder()
	for _, r := range s {
		if _, err := enc.String(string(r)); err != nil {
			return fmt.Sprintf("%q (U+%04X) cannot be written in %s", string(r), r, te.name)
		}
	}
	return "cannot be written in " + te.name
}

func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// position is the 1-based line and character column just after text.
func position(text []byte) (line, col int) {
	nl := bytes.LastIndexByte(text, '\n')
	return bytes.Count(text, []byte{'\n'}) + 1, utf8.RuneCount(text[nl+1:]) + 1
}

// posError is a decoding error at a place in the file.
type posError struct {
	line, col int
	msg       string
}

func (e *posError) Error() string { return fmt.Sprintf("%d:%d: %s", e.line, e.col, e.msg) }

// fileErr puts the file's name before a decoding error, as path:line:col
// when it has a place.
func fileErr(path string, err error) string {
	var pe *posError
	if errors.As(err, &pe) {
		return path + ":" + err.Error()
	}
	return path + ": " + err.Error()
}
