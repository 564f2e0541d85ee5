package discordtest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// apiErr is a Discord error reply: HTTP status and JSON body.
type apiErr struct {
	status int
	body   string
}

// invalidForm is Discord's 50035 error naming the offending field.
func invalidForm(field, code, message string) *apiErr {
	errs := map[string]any{}
	cur := errs
	parts := strings.Split(field, ".")
	for i, p := range parts {
		if i == len(parts)-1 {
			cur[p] = map[string]any{"_errors": []any{map[string]any{"code": code, "message": message}}}
			break
		}
		next := map[string]any{}
		cur[p] = next
		cur = next
	}
	b, _ := json.Marshal(map[string]any{"code": 50035, "message": "Invalid Form Body", "errors": errs})
	return &apiErr{400, string(b)}
}

// Discord's message limits.
const (
	maxContent          = 2000
	maxEmbeds           = 10
	maxEmbedTotal       = 6000
	maxEmbedTitle       = 256
	maxEmbedDescription = 4096
	maxEmbedFields      = 25
	maxFieldName        = 256
	maxFieldValue       = 1024
	maxFooter           = 2048
	maxAuthorName       = 256
	maxComponentRows    = 5
)

// validateMessage checks message fields against Discord's limits. When
// create is true the message must not be empty; files counts attachments.
func validateMessage(fields map[string]any, create bool, files int) *apiErr {
	content, _ := fields["content"].(string)
	if n := utf8.RuneCountInString(content); n > maxContent {
		return invalidForm("content", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxContent))
	}
	embeds, _ := fields["embeds"].([]any)
	if len(embeds) > maxEmbeds {
		return invalidForm("embeds", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxEmbeds))
	}
	total := 0
	for i, e := range embeds {
		em, _ := e.(map[string]any)
		n, err := validateEmbed(em, fmt.Sprintf("embeds.%d", i))
		if err != nil {
			return err
		}
		total += n
	}
	if total > maxEmbedTotal {
		return invalidForm("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")
	}
	rows, _ := fields["components"].([]any)
	if len(rows) > maxComponentRows {
		return invalidForm("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
	}
	if create && content == "" && len(embeds) == 0 && len(rows) == 0 && files == 0 &&
		fields["sticker_ids"] == nil && fields["poll"] == nil {
		return &apiErr{400, apiError(50006, "Cannot send an empty message")}
	}
	return nil
}

// limit is a text field and its maximum length in characters.
type limit struct {
	field, text string
	max         int
}

// validateEmbed checks one embed and returns its character count.
func validateEmbed(e map[string]any, at string) (int, *apiErr) {
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	limits := []limit{
		{"title", str(e, "title"), maxEmbedTitle},
		{"description", str(e, "description"), maxEmbedDescription},
	}
	if f, ok := e["footer"].(map[string]any); ok {
		limits = append(limits, limit{"footer.text", str(f, "text"), maxFooter})
	}
	if a, ok := e["author"].(map[string]any); ok {
		limits = append(limits, limit{"author.name", str(a, "name"), maxAuthorName})
	}
	fields, _ := e["fields"].([]any)
	if len(fields) > maxEmbedFields {
		return 0, invalidForm(at+".fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
	}
	for i, f := range fields {
		fm, _ := f.(map[string]any)
		name, value := str(fm, "name"), str(fm, "value")
		if name == "" || value == "" {
			return 0, invalidForm(fmt.Sprintf("%s.fields.%d", at, i), "BASE_TYPE_REQUIRED", "This field is required")
		}
		limits = append(limits,
			limit{fmt.Sprintf("fields.%d.name", i), name, maxFieldName},
			limit{fmt.Sprintf("fields.%d.value", i), value, maxFieldValue})
	}
	total := 0
	for _, l := range limits {
		n := utf8.RuneCountInString(l.text)
		if n > l.max {
			return 0, invalidForm(at+"."+l.field, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", l.max))
		}
		total += n
	}
	return total, nil
}

// commandName is Discord's rule for chat-input command and option names.
var commandName = regexp.MustCompile(`^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$`)

// validateCommand checks one application command as Discord does for
// registration.
func validateCommand(c map[string]any, at string) *apiErr {
	name, _ := c["name"].(string)
	typ := intOf(c["type"])
	if typ == 0 || typ == 1 { // chat input
		if !commandName.MatchString(name) {
			return invalidForm(at+".name", "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
		}
		desc, _ := c["description"].(string)
		if n := utf8.RuneCountInString(desc); n < 1 || n > 100 {
			return invalidForm(at+".description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
	} else if n := utf8.RuneCountInString(name); n < 1 || n > 32 {
		return invalidForm(at+".name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.")
	}
	if e := validateCommandAccess(c, at); e != nil {
		return e
	}
	return validateOptions(c["options"], at+".options")
}

// validateCommandAccess checks who may use a command and where:
// default_member_permissions is a permission bit set as a decimal string
// (or null), contexts and integration_types lists of known values.
func validateCommandAccess(c map[string]any, at string) *apiErr {
	if p, ok := c["default_member_permissions"]; ok && p != nil {
		ps, isString := p.(string)
		if _, err := strconv.ParseUint(ps, 10, 64); !isString || err != nil {
			return invalidForm(at+".default_member_permissions", "NUMBER_TYPE_COERCE", "Value is not int.")
		}
	}
	for field, max := range map[string]int{"contexts": 2, "integration_types": 1} {
		v, ok := c[field]
		if !ok || v == nil {
			continue
		}
		list, isList := v.([]any)
		if !isList {
			return invalidForm(at+"."+field, "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType")
		}
		for i, x := range list {
			n, isNum := x.(float64)
			if !isNum || n != float64(int(n)) || n < 0 || int(n) > max {
				return invalidForm(fmt.Sprintf("%s.%s.%d", at, field, i), "ENUM_TYPE_COERCE", fmt.Sprintf("Value \"%v\" is not a valid enum value.", x))
			}
		}
	}
	return nil
}

// validateOptions checks command options recursively.
func validateOptions(v any, at string) *apiErr {
	opts, _ := v.([]any)
	if len(opts) > 25 {
		return invalidForm(at, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
	}
	seen := map[string]bool{}
	requiredDone := false
	for i, o := range opts {
		om, _ := o.(map[string]any)
		p := fmt.Sprintf("%s.%d", at, i)
		name, _ := om["name"].(string)
		if !commandName.MatchString(name) {
			return invalidForm(p+".name", "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
		}
		if seen[name] {
			return invalidForm(p+".name", "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option name already exists")
		}
		seen[name] = true
		desc, _ := om["description"].(string)
		if n := utf8.RuneCountInString(desc); n < 1 || n > 100 {
			return invalidForm(p+".description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
		if req, _ := om["required"].(bool); req && requiredDone {
			return invalidForm(p+".required", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options")
		} else if !req {
			requiredDone = true
		}
		choices, _ := om["choices"].([]any)
		if len(choices) > 25 {
			return invalidForm(p+".choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
		}
		if auto, _ := om["autocomplete"].(bool); auto && len(choices) > 0 {
			return invalidForm(p+".autocomplete", "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID", "Autocomplete cannot be enabled with choices")
		}
		if err := validateOptions(om["options"], p+".options"); err != nil {
			return err
		}
	}
	return nil
}

// validateChoices checks an autocomplete result.
func validateChoices(data map[string]any) *apiErr {
	choices, ok := data["choices"].([]any)
	if !ok {
		return invalidForm("data.choices", "BASE_TYPE_REQUIRED", "This field is required")
	}
	if len(choices) > 25 {
		return invalidForm("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
	}
	for i, c := range choices {
		cm, _ := c.(map[string]any)
		name, _ := cm["name"].(string)
		if n := utf8.RuneCountInString(name); n < 1 || n > 100 {
			return invalidForm(fmt.Sprintf("data.choices.%d.name", i), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
		if cm["value"] == nil {
			return invalidForm(fmt.Sprintf("data.choices.%d.value", i), "BASE_TYPE_REQUIRED", "This field is required")
		}
		if s, ok := cm["value"].(string); ok && utf8.RuneCountInString(s) > 100 {
			return invalidForm(fmt.Sprintf("data.choices.%d.value", i), "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
		}
	}
	return nil
}

// MayPing reports whether a request sends message content that Discord
// could turn into a notification: the payload (the body, or "data" of an
// interaction callback) has content but no allowed_mentions that disables
// every mention (parse empty or null, no users or roles, replied_user
// false).
func (r Request) MayPing() bool {
	p := r.Body
	if r.Callback() != 0 {
		p, _ = r.Body["data"].(map[string]any)
	}
	if p == nil {
		return false
	}
	if c, _ := p["content"].(string); c == "" {
		return false
	}
	am, ok := p["allowed_mentions"].(map[string]any)
	if !ok {
		return true
	}
	for _, k := range []string{"parse", "users", "roles"} {
		if l, _ := am[k].([]any); len(l) > 0 {
			return true
		}
	}
	replied, _ := am["replied_user"].(bool)
	return replied
}
