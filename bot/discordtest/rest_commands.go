package discordtest

import (
	"fmt"
	"strconv"
)

// maxCommands is how many commands of one type an application may have in
// one scope.
const maxCommands = 100

// commandsLocked answers /applications/{app}[/guilds/{gid}]/commands:
// GET lists, PUT overwrites in bulk, POST creates or updates one by name.
func (s *Server) commandsLocked(req *Request, app, gid string) (int, any) {
	if app != s.opts.AppID {
		return fail(errNotOwnApp)
	}
	switch req.Method {
	case "GET":
		out := []any{}
		for _, c := range s.st.commands[gid] {
			out = append(out, c)
		}
		return 200, out
	case "PUT":
		if req.Items == nil && req.Body != nil {
			return fail(invalidForm("_root", "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType"))
		}
		if len(req.Items) > maxCommands {
			return fail(invalidForm("_root", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxCommands)))
		}
		seen := map[string]bool{}
		var next []map[string]any
		for i, it := range req.Items {
			c, ok := it.(map[string]any)
			if !ok {
				return fail(invalidForm(strconv.Itoa(i), "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType"))
			}
			if e := validateCommand(c, strconv.Itoa(i)); e != nil {
				return fail(e)
			}
			key := commandKey(c)
			if seen[key] {
				return fail(invalidForm(strconv.Itoa(i)+".name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique"))
			}
			seen[key] = true
			next = append(next, s.storedCommandLocked(c, gid))
		}
		s.st.commands[gid] = next
		out := []any{}
		for _, c := range next {
			out = append(out, c)
		}
		return 200, out
	case "POST":
		if req.Body == nil {
			return fail(invalidForm("name", "BASE_TYPE_REQUIRED", "This field is required"))
		}
		if e := validateCommand(req.Body, ""); e != nil {
			return fail(e)
		}
		key := commandKey(req.Body)
		c := s.storedCommandLocked(req.Body, gid)
		for i, old := range s.st.commands[gid] {
			if commandKey(old) == key {
				s.st.commands[gid][i] = c
				return 200, c
			}
		}
		if len(s.st.commands[gid]) >= maxCommands {
			return fail(&apiErr{400, apiError(30032, "Maximum number of application commands reached")})
		}
		s.st.commands[gid] = append(s.st.commands[gid], c)
		return 201, c
	}
	return fail(errMethod)
}

// commandLocked answers GET/PATCH/DELETE on one command.
func (s *Server) commandLocked(req *Request, app, gid, id string) (int, any) {
	if app != s.opts.AppID {
		return fail(errNotOwnApp)
	}
	cmds := s.st.commands[gid]
	i := -1
	for j, c := range cmds {
		if c["id"] == id {
			i = j
		}
	}
	if i < 0 {
		return fail(errUnknownCmd)
	}
	switch req.Method {
	case "GET":
		return 200, cmds[i]
	case "DELETE":
		s.st.commands[gid] = append(cmds[:i:i], cmds[i+1:]...)
		return 204, nil
	case "PATCH":
		merged := clone(cmds[i])
		for k, v := range req.Body {
			merged[k] = v
		}
		if e := validateCommand(merged, ""); e != nil {
			return fail(e)
		}
		merged["version"] = s.newIDLocked()
		cmds[i] = merged
		return 200, merged
	}
	return fail(errMethod)
}

// commandKey identifies a command within a scope: names are unique per
// command type.
func commandKey(c map[string]any) string {
	typ := intOf(c["type"])
	if typ == 0 {
		typ = 1
	}
	name, _ := c["name"].(string)
	return strconv.Itoa(typ) + "/" + name
}

// storedCommandLocked returns the command as Discord stores it: the sent
// fields plus id (kept from an existing command of the same name),
// application_id, guild_id, type and version.
func (s *Server) storedCommandLocked(sent map[string]any, gid string) map[string]any {
	c := clone(sent)
	key := commandKey(c)
	c["id"] = nil
	for _, old := range s.st.commands[gid] {
		if commandKey(old) == key {
			c["id"] = old["id"]
		}
	}
	if c["id"] == nil {
		c["id"] = s.newIDLocked()
	}
	c["application_id"] = s.opts.AppID
	if gid != "" {
		c["guild_id"] = gid
	} else {
		delete(c, "guild_id")
	}
	if intOf(c["type"]) == 0 {
		c["type"] = 1
	}
	if _, ok := c["options"]; !ok || c["options"] == nil {
		c["options"] = []any{}
	}
	c["version"] = s.newIDLocked()
	return c
}
