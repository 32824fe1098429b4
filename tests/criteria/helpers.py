def form_data(response, **changes):
    """The data a browser would post back for the page's recording form, with changes
    given as {"<field name>": value} or by the short form "<indicator code>:<village name or
    ''>:<field>"."""
    form = response.context["form"]
    data = {}
    for field in form:
        if field.name == "confirm":
            continue
        value = field.value()
        data[field.html_name] = "" if value is None else str(value)
    for key, value in changes.items():
        data[resolve(form, key)] = value
    return data


def resolve(form, key):
    if key in form.fields:
        return key
    code, village, field = key.split(":")
    cells = [cell for cell in form.cells if cell.indicator.code == code]
    if village:
        cells = [cell for cell in cells if cell.village and cell.village.name == village]
    elif len(cells) > 1:  # "" means the commune cell when there are villages too
        cells = [cell for cell in cells if cell.village is None]
    if len(cells) != 1:
        raise KeyError(key)
    return f"{cells[0].key}-{field}"
