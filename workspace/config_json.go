package workspace

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
)

// jsonFileError explains why a configuration file is not the JSON expected, with the line of
// the problem when the decoder knows it. shape says what the file should look like.
func jsonFileError(path string, data []byte, err error, shape string) *FileError {
	if len(bytes.TrimSpace(data)) == 0 {
		return &FileError{Path: path, Problem: "the file is empty; " + shape}
	}
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		line, col := position(data, syntax.Offset)
		return &FileError{Path: path, Line: line, Problem: "invalid JSON at column " + strconv.Itoa(col) + ": " + syntax.Error()}
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		line, _ := position(data, typ.Offset)
		where := ""
		if typ.Field != "" {
			where = "\"" + typ.Field + "\" "
		}
		return &FileError{Path: path, Line: line, Problem: where + "has a JSON " + typ.Value + " where " + jsonKindOf(typ.Type) + " belongs; " + shape}
	}
	return &FileError{Path: path, Problem: err.Error()}
}

// position converts a byte offset into a 1-based line and column. The decoder's offset points
// just past the offending byte.
func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	if offset > 0 {
		offset--
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// lineOfKey is the line of the first occurrence of "key" in data, or 0 when it is not there.
func lineOfKey(data []byte, key string) int {
	i := bytes.Index(data, []byte(strconv.Quote(key)))
	if i < 0 {
		return 0
	}
	return bytes.Count(data[:i], []byte("\n")) + 1
}

// jsonKindOf names the JSON kind a Go type decodes from, for error messages.
func jsonKindOf(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	}
	return "a number"
}

// jsonKind names the kind of a raw JSON value for error messages.
func jsonKind(raw json.RawMessage) string {
	b := bytes.TrimSpace(raw)
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}
